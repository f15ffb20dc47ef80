// Every option of every subcommand, read from the parser itself
// (ki::cmd::BuildApp), given each way a command line goes wrong: an empty
// value (--f= and --f ""), a missing one (the flag last), a flag where the
// value should be (--f --dry-run), the flag twice; and an unknown flag for
// each subcommand. Each case runs the real binary in a fresh directory (its
// cwd, with HOME inside it) and must exit 3, name the flag on stderr and
// write nothing. A flag added later is covered without touching this file.
//
// The tests run as root in CI, so a case that parsed by mistake must still
// not reach the system: `--dry-run` and `--output-dir <tmp>/out` are given
// wherever a command has them, init an absent --kubeconfig, and proxy and
// preflight an absent --config (proxy also two sources): each stops the
// command before any phase or kernel change, and each covers for the others
// when one of them is the flag under test. These
// guards come first and the flag under test last, so a guard can't stand in
// for the value under test.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cmd/kubeadm-ipvs/app.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;

constexpr const char* kTmp = "{tmp}";  // replaced by the case's directory

struct Case {
  std::string label;
  std::vector<std::string> args;
  std::string flag;    // stderr must name it
  std::string phrase;  // and say this
};

std::string Binary() {
  const char* env = std::getenv("KI_BINARY");
  return env != nullptr && *env != '\0' ? env : KI_BINARY;
}

struct Guard {
  std::string command;  // first word of the path it applies to; "" for all
  std::string flag;
  std::string value;  // "" for a flag given alone
};

// What keeps a case that parsed by mistake away from the real system.
const std::vector<Guard>& Guards() {
  static const std::vector<Guard> guards = {
      {"", "--dry-run", ""},
      {"", "--output-dir", std::string(kTmp) + "/out"},
      // init stops at a bad --kubeconfig before any phase, --dry-run or not.
      {"init", "--kubeconfig", std::string(kTmp) + "/absent.conf"},
      {"proxy", "--config", std::string(kTmp) + "/absent.yaml"},
      {"proxy", "--services-dir", std::string(kTmp) + "/absent-dir"},
      {"proxy", "--kubeconfig", std::string(kTmp) + "/absent.conf"},
      {"preflight", "--config", std::string(kTmp) + "/absent.yaml"},
  };
  return guards;
}

bool HasLongOption(const CLI::App& app, const std::string& flag) {
  for (const CLI::Option* o : app.get_options()) {
    if (!o->get_positional() && o->check_lname(flag.substr(2))) return true;
  }
  return false;
}

// The subcommand path, then the guards that apply, except `tested`.
std::vector<std::string> Prefix(const CLI::App& app, const std::vector<std::string>& path,
                                const std::string& tested) {
  std::vector<std::string> args = path;
  for (const Guard& g : Guards()) {
    if (g.flag == tested || !HasLongOption(app, g.flag)) continue;
    if (!g.command.empty() && (path.empty() || path.front() != g.command)) continue;
    args.push_back(g.value.empty() ? g.flag : g.flag + "=" + g.value);
  }
  return args;
}

std::string Join(const std::vector<std::string>& words, const std::string& sep) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : sep) + w;
  return out;
}

void AddCase(std::vector<Case>& out, const std::vector<std::string>& prefix,
             std::vector<std::string> tail, const std::string& flag, const std::string& phrase,
             const std::string& kind) {
  std::vector<std::string> args = prefix;
  args.insert(args.end(), tail.begin(), tail.end());
  out.push_back({kind + ": kubeadm-ipvs " + Join(args, " "), args, flag, phrase});
}

constexpr const char* kEmpty = "the value is empty";
constexpr const char* kNeedsValue = "flag needs an argument";
constexpr const char* kTwice = "is given more than once";

void AddOptionCases(const CLI::App& app, const std::vector<std::string>& path, const CLI::Option& o,
                    std::vector<Case>& out) {
  std::string primary =
      o.get_lnames().empty() ? "-" + o.get_snames().front() : "--" + o.get_lnames().front();
  std::vector<std::string> prefix = Prefix(app, path, primary);
  std::vector<std::string> spellings;
  for (const std::string& s : o.get_snames()) spellings.push_back("-" + s);
  for (const std::string& l : o.get_lnames()) spellings.push_back("--" + l);
  bool takes_value = o.get_items_expected_max() > 0;
  for (const std::string& f : spellings) {
    AddCase(out, prefix, {f + "="}, f, kEmpty, "empty value (=)");
    if (!takes_value) continue;
    AddCase(out, prefix, {f, ""}, f, kEmpty, "empty value");
    AddCase(out, prefix, {f}, f, kNeedsValue, "missing value");
    AddCase(out, prefix, {f, "--dry-run"}, f, kNeedsValue, "a flag as the value");
  }
  std::vector<std::string> once = {primary};
  if (takes_value) once.push_back("x");
  std::vector<std::string> twice = once;
  twice.insert(twice.end(), once.begin(), once.end());
  AddCase(out, prefix, twice, primary, kTwice, "repeated");
}

void Walk(const CLI::App& root, const CLI::App& app, const std::vector<std::string>& path,
          std::vector<Case>& out) {
  for (const CLI::Option* o : app.get_options()) {
    if (!o->get_positional()) AddOptionCases(app, path, *o, out);
  }
  if (&app != &root) {  // the root's options (-v) are taken after any subcommand
    for (const CLI::Option* o : root.get_options()) {
      if (!o->get_positional() && o != root.get_help_ptr()) AddOptionCases(app, path, *o, out);
    }
  }
  AddCase(out, Prefix(app, path, ""), {"--no-such-flag"}, "--no-such-flag", "unknown flag",
          "unknown flag");
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    std::vector<std::string> sub_path = path;
    sub_path.push_back(sub->get_name());
    Walk(root, *sub, sub_path, out);
  }
}

std::vector<Case> AllCases() {
  static int exit_code = 0;
  std::unique_ptr<CLI::App> app = ki::cmd::BuildApp(exit_code);
  std::vector<Case> out;
  Walk(*app, *app, {}, out);
  return out;
}

// Every path under `dir` with its size, or "(absent)".
std::string Listing(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return "(absent)";
  std::set<std::string> entries;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::string size = it->is_regular_file() ? " " + std::to_string(it->file_size()) : "";
    entries.insert(it->path().lexically_relative(dir).string() + size);
  }
  return Join({entries.begin(), entries.end()}, "\n");
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Outcome {
  int exit_code = -1;
  std::string err;
};

// Runs the binary in `cwd` with HOME=cwd/home and stdout/stderr into `logs`.
Outcome RunBinary(const std::vector<std::string>& args, const fs::path& cwd, const fs::path& logs) {
  std::vector<std::string> env_strings = {"HOME=" + (cwd / "home").string()};
  for (char** e = environ; *e != nullptr; ++e) {
    std::string kv = *e;
    for (const char* drop : {"HOME=", "KUBECONFIG=", "KUBEPROXY_MODE="}) {
      if (kv.rfind(drop, 0) == 0) kv.clear();
    }
    if (!kv.empty()) env_strings.push_back(kv);
  }
  std::string binary = Binary();
  std::vector<char*> argv = {binary.data()};
  std::vector<std::string> arg_copies = args;
  for (std::string& a : arg_copies) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (std::string& kv : env_strings) envp.push_back(kv.data());
  envp.push_back(nullptr);
  std::string out_path = (logs / "stdout").string();
  std::string err_path = (logs / "stderr").string();
  pid_t pid = ::fork();
  if (pid == 0) {
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out < 0 || err < 0 || ::chdir(cwd.c_str()) != 0 || ::dup2(out, 1) < 0 ||
        ::dup2(err, 2) < 0) {
      ::_exit(127);
    }
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  Outcome o;
  int status = 0;
  if (pid > 0 && ::waitpid(pid, &status, 0) == pid && WIFEXITED(status)) {
    o.exit_code = WEXITSTATUS(status);
  }
  o.err = ReadAll(err_path);
  return o;
}

class CliFlagTest : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/ki-cli-flags-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    base_ = tmpl;
    cwd_ = base_ / "cwd";
    fs::create_directories(cwd_ / "home");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(base_, ec);
  }
  fs::path base_, cwd_;
};

TEST_P(CliFlagTest, RefusedAtParseNamingTheFlagWritingNothing) {
  const Case& c = GetParam();
  std::vector<std::string> args = c.args;
  for (std::string& a : args) {
    for (size_t at = a.find(kTmp); at != std::string::npos; at = a.find(kTmp)) {
      a.replace(at, std::string(kTmp).size(), cwd_.string());
    }
  }
  const fs::path default_out = "/etc/kubernetes/kubeadm-ipvs";
  std::string before = Listing(cwd_), before_default = Listing(default_out);
  Outcome o = RunBinary(args, cwd_, base_);
  EXPECT_EQ(o.exit_code, 3) << c.label << "\nstderr: " << o.err;
  EXPECT_NE(o.err.find(c.flag), std::string::npos) << c.label << "\nstderr: " << o.err;
  EXPECT_NE(o.err.find(c.phrase), std::string::npos) << c.label << "\nstderr: " << o.err;
  EXPECT_EQ(Listing(cwd_), before) << c.label;
  EXPECT_EQ(Listing(default_out), before_default) << c.label;
}

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  std::string name = std::to_string(info.index) + "_";
  for (char ch : info.param.label.substr(0, 80)) {
    name += std::isalnum(static_cast<unsigned char>(ch)) != 0 ? ch : '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(EveryOption, CliFlagTest, ::testing::ValuesIn(AllCases()), CaseName);

// The walk itself: it reaches the nested commands and their options, so the
// table above can't pass by being empty.
TEST(CliFlagTable, ReachesEveryCommand) {
  std::set<std::string> paths;
  for (const Case& c : AllCases()) {
    std::string words;
    for (const std::string& a : c.args) {
      if (a.empty() || a[0] == '-') break;
      words += (words.empty() ? "" : " ") + a;
    }
    paths.insert(words);
  }
  for (const char* want :
       {"", "init", "init phase preflight", "init phase addon kube-proxy", "init phase addon all",
        "proxy", "preflight", "ipvs list", "config print init-defaults", "config migrate",
        "config validate", "version", "help"}) {
    EXPECT_EQ(paths.count(want), 1U) << "no case for '" << want << "'";
  }
}

}  // namespace
