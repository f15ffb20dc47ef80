#include "cmd/kubeadm-ipvs/cli_args.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "pkg/base/edit_distance.h"
#include "pkg/base/quote.h"

namespace ki::cmd {
namespace {

constexpr size_t kMaxValueBytes = 4096;  // PATH_MAX, and more than any value of ours needs

// The option the user named and the level (index in the path) owning it.
struct Found {
  const CLI::Option* option = nullptr;
  size_t level = 0;
};

bool TakesValue(const CLI::Option& o) { return o.get_items_expected_max() > 0; }

// "--dry-run", "-x", "--": words that are never a value. A lone "-" (stdin
// by habit) and "-1" (a negative number) are values.
bool LooksLikeFlag(std::string_view word) {
  return word.size() >= 2 && word[0] == '-' &&
         std::isdigit(static_cast<unsigned char>(word[1])) == 0;
}

// "--output-dir", else "-x": the name that identifies a flag across levels.
std::string PrimaryName(const CLI::Option& o) {
  if (!o.get_lnames().empty()) return "--" + o.get_lnames().front();
  return o.get_snames().empty() ? std::string() : "-" + o.get_snames().front();
}

bool HasPositionals(const CLI::App& app) {
  return !app.get_options([](const CLI::Option* o) { return o->get_positional(); }).empty();
}

bool HasPrefixIgnoringCase(std::string_view s, std::string_view prefix) {
  return prefix.size() <= s.size() &&
         std::equal(prefix.begin(), prefix.end(), s.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Walks the words once, left to right, keeping the command path and, per
// level, the canonical spelling of the options given there.
class Scanner {
 public:
  Scanner(const CLI::App& root, const std::vector<std::string>& args)
      : args_(args), path_{&root}, levels_(1) {}

  Result<CheckedArgs> Run() {
    bool options_ended = false;
    for (size_t i = 0; i < args_.size(); ++i) {
      const std::string& arg = args_[i];
      Status st;
      if (options_ended || !LooksLikeFlag(arg)) {
        st = Word(arg);
      } else if (arg == "--") {
        options_ended = true;
      } else if (arg[1] == '-') {
        st = Long(i);
      } else {
        st = Short(i);
      }
      if (!st.ok()) return st;
    }
    const CLI::App& leaf = *path_.back();
    if (!help_ && leaf.get_require_subcommand_min() > 0) return NeedsSubcommand(leaf);
    return Assemble();
  }

 private:
  const CLI::App& Current() const { return *path_.back(); }

  Status Word(const std::string& word) {
    if (const CLI::App* sub = FindSubcommand(Current(), word); sub != nullptr) {
      path_.push_back(sub);
      levels_.emplace_back();
      return Status::Ok();
    }
    if (!HasPositionals(Current())) return UnknownCommand(Current(), word);
    positionals_.push_back(word);
    return Status::Ok();
  }

  // In the current command, else among the root's (kubeadm's persistent -v).
  Found Find(const std::string& name, bool is_long) const {
    auto match = [&](const CLI::Option* o) {
      return is_long ? o->check_lname(name) : o->check_sname(name);
    };
    for (const CLI::Option* o : Current().get_options()) {
      if (!o->get_positional() && match(o)) return {o, path_.size() - 1};
    }
    for (const CLI::Option* o : path_.front()->get_options()) {
      if (!o->get_positional() && match(o) && o != path_.front()->get_help_ptr()) return {o, 0};
    }
    return {};
  }

  Status Long(size_t& i) {
    std::string_view body = std::string_view(args_[i]).substr(2);
    size_t eq = body.find('=');
    std::string name(body.substr(0, eq));
    Found f = Find(name, true);
    if (f.option == nullptr) {
      return UsageError(Current(), "unknown flag " + Quote("--" + name) + " for \"" +
                                       CommandPath(Current()) + "\"");
    }
    if (eq != std::string_view::npos) return Given(f, std::string(body.substr(eq + 1)), true);
    if (!TakesValue(*f.option)) return Given(f, "", false);
    std::string value;
    if (Status st = NextValue(*f.option, i, value); !st.ok()) return st;
    return Given(f, value, true);
  }

  // -x, -xVALUE, -x=VALUE, -x VALUE, and -nc for two flags.
  Status Short(size_t& i) {
    const std::string& arg = args_[i];
    for (size_t pos = 1; pos < arg.size(); ++pos) {
      Found f = Find(std::string(1, arg[pos]), false);
      if (f.option == nullptr) {
        return UsageError(Current(), "unknown shorthand flag " + Quote(std::string(1, arg[pos])) +
                                         " in " + Quote(arg) + " for \"" + CommandPath(Current()) +
                                         "\"");
      }
      std::string_view rest = std::string_view(arg).substr(pos + 1);
      bool inline_value = !rest.empty() && (rest[0] == '=' || TakesValue(*f.option));
      if (inline_value) {
        if (rest[0] == '=') rest.remove_prefix(1);
        return Given(f, std::string(rest), true);
      }
      if (!TakesValue(*f.option)) {
        if (Status st = Given(f, "", false); !st.ok()) return st;
        continue;
      }
      std::string value;
      if (Status st = NextValue(*f.option, i, value); !st.ok()) return st;
      return Given(f, value, true);
    }
    return Status::Ok();
  }

  // The word after a flag that takes a value, unless there is none or it
  // looks like a flag itself.
  Status NextValue(const CLI::Option& o, size_t& i, std::string& value) {
    if (i + 1 >= args_.size()) {
      return UsageError(Current(), "flag needs an argument: " + FlagNames(o));
    }
    const std::string& next = args_[i + 1];
    if (next.empty()) return EmptyValue(o);
    if (LooksLikeFlag(next)) {
      return UsageError(Current(), "flag needs an argument: " + FlagNames(o) + " (" + Quote(next) +
                                       " is a flag; for a value that begins with \"-\" write " +
                                       PrimaryName(o) + "=VALUE)");
    }
    value = next;
    ++i;
    return Status::Ok();
  }

  Status EmptyValue(const CLI::Option& o) const {
    return UsageError(
        Current(), "invalid argument \"\" for \"" + FlagNames(o) + "\" flag: the value is empty");
  }

  Status Given(const Found& f, const std::string& value, bool has_value) {
    const CLI::Option& o = *f.option;
    if (has_value && value.empty()) return EmptyValue(o);
    if (value.size() > kMaxValueBytes) {
      // No value of ours is this long (a path stops at PATH_MAX): refuse it
      // here rather than echo it from a dry run or a failing open().
      return UsageError(Current(), "invalid argument " + Quote(value) + " for \"" + FlagNames(o) +
                                       "\" flag: longer than " + std::to_string(kMaxValueBytes) +
                                       " bytes (PATH_MAX)");
    }
    for (const GivenOption& g : given_) {
      if (PrimaryName(*g.option) != PrimaryName(o)) continue;
      std::string values =
          TakesValue(o) ? " (" + Quote(g.value) + ", then " + Quote(value) + ")" : "";
      return UsageError(Current(), "flag " + FlagNames(o) + " is given more than once" + values +
                                       "; give it once");
    }
    if (&o == path_[f.level]->get_help_ptr() || &o == path_[f.level]->get_help_all_ptr()) {
      help_ = true;
    }
    given_.push_back({&o, value});
    std::vector<std::string>& out = levels_[f.level];
    if (!o.get_lnames().empty()) {
      out.push_back(PrimaryName(o) + (has_value ? "=" + value : ""));
    } else if (!TakesValue(o) && has_value) {
      return UsageError(Current(), "flag " + FlagNames(o) + " takes no value, got " + Quote(value));
    } else {
      out.push_back(PrimaryName(o));
      if (has_value) out.push_back(value);
    }
    return Status::Ok();
  }

  Status NeedsSubcommand(const CLI::App& app) const {
    std::string names;
    for (const CLI::App* sub : app.get_subcommands(
             [](const CLI::App* s) { return !s->get_name().empty() && !s->get_disabled(); })) {
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    return UsageError(app, "\"" + CommandPath(app) + "\" needs a subcommand: " + names);
  }

  CheckedArgs Assemble() {
    CheckedArgs out;
    out.canonical = levels_[0];
    for (size_t k = 1; k < path_.size(); ++k) {
      out.canonical.push_back(path_[k]->get_name());
      out.canonical.insert(out.canonical.end(), levels_[k].begin(), levels_[k].end());
    }
    if (!positionals_.empty()) {
      out.canonical.emplace_back("--");
      out.canonical.insert(out.canonical.end(), positionals_.begin(), positionals_.end());
    }
    out.given = std::move(given_);
    out.path = std::move(path_);
    return out;
  }

  const std::vector<std::string>& args_;
  std::vector<const CLI::App*> path_;
  std::vector<std::vector<std::string>> levels_;
  std::vector<std::string> positionals_;
  std::vector<GivenOption> given_;
  bool help_ = false;
};

}  // namespace

Result<CheckedArgs> CheckArgs(const CLI::App& root, const std::vector<std::string>& args) {
  return Scanner(root, args).Run();
}

const CLI::App* FindSubcommand(const CLI::App& app, const std::string& word) {
  for (const CLI::App* sub : app.get_subcommands(
           [](const CLI::App* s) { return !s->get_name().empty() && !s->get_disabled(); })) {
    if (sub->check_name(word)) return sub;
  }
  return nullptr;
}

Status UsageError(const CLI::App& app, const std::string& message) {
  std::string sep = message.find('\n') == std::string::npos ? "\n" : "\n\n";
  return Status::InvalidConfig(message + sep + "Run '" + CommandPath(app) + " --help' for usage.");
}

Status UnknownCommand(const CLI::App& app, std::string_view word) {
  std::string suggestions;
  for (const CLI::App* sub : app.get_subcommands(
           [](const CLI::App* s) { return !s->get_name().empty() && !s->get_disabled(); })) {
    const std::string& name = sub->get_name();
    if (!word.empty() &&
        (EditDistanceIgnoringCase(word, name) <= 2 || HasPrefixIgnoringCase(name, word))) {
      suggestions += "\n\t" + name;
    }
  }
  std::string msg = "unknown command " + Quote(word) + " for \"" + CommandPath(app) + "\"";
  if (!suggestions.empty()) msg += "\n\nDid you mean this?" + suggestions;
  return UsageError(app, msg);
}

std::string CommandPath(const CLI::App& app) {
  std::string path = app.get_name();
  for (const CLI::App* p = app.get_parent(); p != nullptr; p = p->get_parent()) {
    path = p->get_name() + " " + path;
  }
  return path;
}

std::string FlagNames(const CLI::Option& option) {
  std::string names;
  for (const std::string& s : option.get_snames()) names += (names.empty() ? "-" : ", -") + s;
  for (const std::string& l : option.get_lnames()) names += (names.empty() ? "--" : ", --") + l;
  return names;
}

CLI::Validator OneOf(const std::vector<std::string>& allowed) {
  std::string list;
  for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
  return CLI::Validator(
      [allowed, list](std::string& value) -> std::string {
        if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return "";
        return "allowed values: " + list;
      },
      "{" + list + "}");
}

CLI::Validator IntegerIn(long long min, long long max) {
  std::string range = std::to_string(min) + " to " + std::to_string(max);
  return CLI::Validator(
      [min, max, range](std::string& value) -> std::string {
        std::string_view digits = value;
        bool negative = !digits.empty() && digits[0] == '-';
        if (negative) digits.remove_prefix(1);
        if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
          return "not an integer";
        }
        digits.remove_prefix(std::min(digits.find_first_not_of('0'), digits.size()));
        // Digits are counted before converting: 300 of them never overflow.
        bool fits = digits.size() <= 18;
        long long n = fits && !digits.empty() ? std::stoll(std::string(digits)) : 0;
        if (negative) n = -n;
        if (!fits || n < min || n > max) return "out of range (" + range + ")";
        return "";
      },
      "");
}

}  // namespace ki::cmd
