#include "cmd/kubeadm-ipvs/app.h"

#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "cmd/kubeadm-ipvs/cli_args.h"
#include "cmd/kubeadm-ipvs/commands.h"
#include "pkg/base/log.h"
#include "pkg/base/quote.h"
#include "pkg/base/status.h"

namespace ki::cmd {
namespace {

constexpr size_t kMaxMessageBytes = 400;

// cobra's `help [command...]`: that command's help on stdout, exit 0.
void AddHelpCommand(CLI::App& root, int& exit_code) {
  auto words = std::make_shared<std::vector<std::string>>();
  CLI::App* help = root.add_subcommand("help", "Help about any command");
  help->add_option("command", *words, "the command to describe, e.g. init phase preflight");
  help->callback([&root, words, &exit_code] {
    const CLI::App* target = &root;
    for (const std::string& word : *words) {
      const CLI::App* sub = FindSubcommand(*target, word);
      if (sub == nullptr) {
        std::cerr << "error: " << UnknownCommand(*target, word).message() << "\n";
        exit_code = 3;
        return;
      }
      target = sub;
    }
    std::cout << target->get_formatter()->make_help(target, CommandPath(*target),
                                                    CLI::AppFormatMode::Normal);
    exit_code = 0;
  });
}

// "an integer" for CLI11's "INT" (the part of the type name before its
// validators' descriptions).
std::string TypeInWords(const CLI::Option& o) {
  std::string type = o.get_type_name().substr(0, o.get_type_name().find(':'));
  if (type == "INT") return "an integer";
  if (type == "UINT") return "a non-negative integer";
  if (type == "FLOAT") return "a number";
  if (type == "BOOLEAN" || type.empty()) return "true or false";
  return "a value of type " + type;
}

// CLI11's text with the user's value quoted (cut), and no longer than a line
// or two whatever it held.
std::string Tidy(std::string text, const std::string& value) {
  if (!value.empty()) {
    std::string quoted = Quote(value);
    for (size_t at = text.find(value); at != std::string::npos;
         at = text.find(value, at + quoted.size())) {
      text.replace(at, value.size(), quoted);
    }
  }
  if (text.size() <= kMaxMessageBytes) return text;
  return text.substr(0, kMaxMessageBytes) + "... (" + std::to_string(text.size()) + " bytes)";
}

// What CLI11 reports after CheckArgs passed: a value its validator or
// conversion refuses, a required flag, flags that exclude each other.
std::string DescribeParseError(const CLI::ParseError& e, const CheckedArgs& args) {
  std::string what = e.what();
  for (const GivenOption& g : args.given) {
    std::string name = g.option->get_name();
    if (name.empty()) continue;
    std::string reason;
    if (what.rfind(name + ": ", 0) == 0) {
      reason = Tidy(what.substr(name.size() + 2), g.value);
    } else if (what.rfind("Could not convert: " + name + " ", 0) == 0 ||
               (what.size() > name.size() + 5 &&
                what.compare(what.size() - name.size() - 5, std::string::npos, " for " + name) ==
                    0)) {
      reason = "want " + TypeInWords(*g.option);
    } else {
      continue;
    }
    return "invalid argument " + Quote(g.value) + " for \"" + FlagNames(*g.option) +
           "\" flag: " + reason;
  }
  const std::string required = " is required";
  if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr && what.size() > required.size() &&
      what.compare(what.size() - required.size(), std::string::npos, required) == 0) {
    return "required flag " + what.substr(0, what.size() - required.size()) + " not set";
  }
  return Tidy(what, "");
}

// cobra's "Global Flags" in every subcommand's help: the root's options,
// which CheckArgs takes after any subcommand.
void AddGlobalFlagsFooter(CLI::App& root) {
  std::string text = "Global flags (before or after the subcommand):";
  for (const CLI::Option* o : root.get_options()) {
    if (o == root.get_help_ptr() || o->get_positional()) continue;
    std::string type = o->get_type_name().substr(0, o->get_type_name().find(':'));
    text += "\n  " + FlagNames(*o) + " " + type + "  " + o->get_description();
  }
  std::vector<CLI::App*> todo = root.get_subcommands([](CLI::App*) { return true; });
  while (!todo.empty()) {
    CLI::App* app = todo.back();
    todo.pop_back();
    app->footer([text] { return text; });
    for (CLI::App* sub : app->get_subcommands([](CLI::App*) { return true; })) todo.push_back(sub);
  }
}

void PrintError(const Status& st) { std::cerr << "error: " << st.message() << "\n"; }

}  // namespace

std::unique_ptr<CLI::App> BuildApp(int& exit_code) {
  auto app = std::make_unique<CLI::App>(
      "kubeadm-ipvs: bootstrap Kubernetes nodes in IPVS proxy mode and run their proxy",
      "kubeadm-ipvs");
  app->require_subcommand(1);
  auto verbosity = std::make_shared<int>(0);
  app->add_option("-v,--v", *verbosity, "log level verbosity (kubeadm's -v N)")
      ->check(IntegerIn(0, std::numeric_limits<int>::max()));
  app->parse_complete_callback([verbosity] { InitLogging(*verbosity); });

  AddInitCommand(*app, exit_code);
  AddPreflightCommand(*app, exit_code);
  AddProxyCommand(*app, exit_code);
  AddIpvsCommand(*app, exit_code);
  AddConfigCommand(*app, exit_code);
  AddVersionCommand(*app, exit_code);
  AddHelpCommand(*app, exit_code);
  AddGlobalFlagsFooter(*app);
  return app;
}

int RunCommandLine(int argc, const char* const* argv) {
  int exit_code = 0;
  std::unique_ptr<CLI::App> app = BuildApp(exit_code);
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  Result<CheckedArgs> checked = CheckArgs(*app, args);
  if (!checked.ok()) {
    PrintError(checked.status());
    return ExitCodeFor(checked.status());
  }
  // CLI11 takes its arguments last first.
  std::vector<std::string> reversed(checked->canonical.rbegin(), checked->canonical.rend());
  try {
    app->parse(reversed);
  } catch (const CLI::Success& e) {
    return app->exit(e);  // --help: the selected command's help on stdout
  } catch (const CLI::ParseError& e) {
    Status st = UsageError(*checked->path.back(), DescribeParseError(e, *checked));
    PrintError(st);
    return ExitCodeFor(st);
  } catch (const std::exception& e) {
    // Nothing below throws by design (errors are Status values); a library
    // that does still gets a clean runtime-error exit, not an abort.
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return exit_code;
}

}  // namespace ki::cmd
