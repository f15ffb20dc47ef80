// kubeadm's preflight semantics: warnings, fatal errors, --ignore-preflight-errors.
#include "pkg/preflight/run.h"

#include <gtest/gtest.h>

#include <sstream>

namespace ki::preflight {
namespace {

class FixedCheck final : public Check {
 public:
  FixedCheck(std::string name, std::vector<Finding> findings)
      : name_(std::move(name)), findings_(std::move(findings)) {}
  std::string Name() const override { return name_; }
  std::string Title() const override { return name_; }
  std::vector<Finding> Run() override { return findings_; }

 private:
  std::string name_;
  std::vector<Finding> findings_;
};

std::vector<std::unique_ptr<Check>> Checks() {
  std::vector<std::unique_ptr<Check>> c;
  c.push_back(std::make_unique<FixedCheck>(
      "IsPrivilegedUser", std::vector<Finding>{{"IsPrivilegedUser", CheckState::kFailing,
                                                "user is not running as root", "", "use sudo"}}));
  c.push_back(std::make_unique<FixedCheck>(
      "IPVSSysctls",
      std::vector<Finding>{{"IPVSSysctls", CheckState::kWarning, "not readable", "", ""}}));
  c.push_back(std::make_unique<FixedCheck>(
      "Port-10256",
      std::vector<Finding>{{"Port-10256", CheckState::kOk, "free", "", ""},
                           {"Port-10256", CheckState::kFailing, "Port 10256 is in use", "", ""}}));
  return c;
}

IgnoreSet Ignore(std::vector<std::string> items) {
  Result<IgnoreSet> s = ParseIgnorePreflightErrors(items);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? *s : IgnoreSet();
}

TEST(Preflight, FatalErrorsInKubeadmsWordsAndExitCode2) {
  auto checks = Checks();
  std::ostringstream out;
  Status st = RunPreflightChecks(checks, Ignore({}), out).status();
  EXPECT_EQ(out.str(), "\t[WARNING IPVSSysctls]: not readable\n");
  EXPECT_EQ(st.code(), Code::kPreflight);
  EXPECT_EQ(ExitCodeFor(st), 2);
  EXPECT_EQ(st.message(),
            "[preflight] Some fatal errors occurred:\n"
            "\t[ERROR IsPrivilegedUser]: user is not running as root (fix: use sudo)\n"
            "\t[ERROR Port-10256]: Port 10256 is in use\n"
            "[preflight] If you know what you are doing, you can make a check non-fatal with "
            "`--ignore-preflight-errors=...`");
}

TEST(Preflight, IgnoredErrorsBecomeWarningsCaseInsensitively) {
  auto checks = Checks();
  std::ostringstream out;
  Result<PreflightOutcome> st =
      RunPreflightChecks(checks, Ignore({"isprivilegeduser", "PORT-10256"}), out);
  ASSERT_TRUE(st.ok()) << st.status().message();
  EXPECT_EQ(out.str(),
            "\t[WARNING IsPrivilegedUser]: user is not running as root (fix: use sudo)\n"
            "\t[WARNING IPVSSysctls]: not readable\n"
            "\t[WARNING Port-10256]: Port 10256 is in use\n");
}

TEST(Preflight, OnlyTheNamedChecksAreIgnored) {
  auto checks = Checks();
  std::ostringstream out;
  Status st = RunPreflightChecks(checks, Ignore({"Port-10256"}), out).status();
  EXPECT_EQ(st.code(), Code::kPreflight);
  EXPECT_NE(st.message().find("[ERROR IsPrivilegedUser]"), std::string::npos);
  EXPECT_EQ(st.message().find("[ERROR Port-10256]"), std::string::npos);
}

TEST(Preflight, AllIgnoresEverything) {
  auto checks = Checks();
  std::ostringstream out;
  EXPECT_TRUE(RunPreflightChecks(checks, Ignore({"all"}), out).ok());
  EXPECT_TRUE(Ignore({"ALL"}).all());
}

// What init's summary names: the errors that were ignored, not the warnings
// and not the checks that passed.
TEST(Preflight, APassingRunReturnsTheIgnoredErrors) {
  auto checks = Checks();
  checks.push_back(std::make_unique<FixedCheck>(
      "IsPrivilegedUser",
      std::vector<Finding>{{"IsPrivilegedUser", CheckState::kFailing, "again", "", ""}}));
  std::ostringstream out;
  Result<PreflightOutcome> st = RunPreflightChecks(checks, Ignore({"all"}), out);
  ASSERT_TRUE(st.ok()) << st.status().message();
  ASSERT_EQ(st->ignored.size(), 3u);
  EXPECT_EQ(st->ignored[1].message, "Port 10256 is in use");
  EXPECT_EQ(st->IgnoredChecks(), (std::vector<std::string>{"IsPrivilegedUser", "Port-10256"}));

  auto clean = Checks();
  clean.erase(clean.begin());
  clean.pop_back();
  st = RunPreflightChecks(clean, Ignore({}), out);
  ASSERT_TRUE(st.ok());
  EXPECT_TRUE(st->ignored.empty());
}

TEST(Preflight, AllMixedWithNamesIsAnError) {
  Result<IgnoreSet> s = ParseIgnorePreflightErrors({"all,IsPrivilegedUser"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Code::kInvalidConfig);
  EXPECT_EQ(s.status().message(),
            "ignore-preflight-errors: don't specify individual checks if 'all' is used");
  EXPECT_FALSE(ParseIgnorePreflightErrors({"all", "Swap"}).ok());  // flag + config
}

TEST(Preflight, CommaSeparatedAndSpacedItems) {
  IgnoreSet s = Ignore({"Swap, IsPrivilegedUser", ""});
  EXPECT_TRUE(s.Has("swap"));
  EXPECT_TRUE(s.Has("IsPrivilegedUser"));
  EXPECT_FALSE(s.Has("Port-10256"));
}

}  // namespace
}  // namespace ki::preflight
