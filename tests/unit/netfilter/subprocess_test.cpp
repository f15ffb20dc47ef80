#include "pkg/base/subprocess.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace ki {
namespace {

Command Sh(std::string script) { return Command{"/bin/sh", {"-c", std::move(script)}}; }

TEST(Subprocess, CatEchoesStdin) {
  Command cmd{"/bin/cat", {}};
  cmd.input = "hello\nworld\n";
  Result<CommandOutput> r = RunCommand(cmd);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->exit_code, 0);
  EXPECT_EQ(r->out, "hello\nworld\n");
  EXPECT_EQ(r->err, "");
}

TEST(Subprocess, ExitStatusIsReportedNotAnError) {
  Result<CommandOutput> r = RunCommand(Sh("exit 3"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_FALSE(r->ok());
  EXPECT_EQ(r->Describe(), "exit status 3");
}

TEST(Subprocess, StdoutAndStderrApartOrMerged) {
  Result<CommandOutput> apart = RunCommand(Sh("echo out; echo err >&2; echo out2"));
  ASSERT_TRUE(apart.ok());
  EXPECT_EQ(apart->out, "out\nout2\n");
  EXPECT_EQ(apart->err, "err\n");
  Command merged = Sh("echo out; echo err >&2; echo out2");
  merged.merge_stderr = true;
  Result<CommandOutput> m = RunCommand(merged);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->out, "out\nerr\nout2\n");
  EXPECT_EQ(m->err, "");
}

TEST(Subprocess, DescribeQuotesStderrElseStdout) {
  Result<CommandOutput> r =
      RunCommand(Sh("echo 'line one'; echo 'bad thing' >&2; echo '  ' >&2; exit 1"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Describe(), "exit status 1: bad thing");
  Result<CommandOutput> o = RunCommand(Sh("printf 'a\\nb\\n'; exit 2"));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->Describe(), "exit status 2: a; b");
}

TEST(Subprocess, TenMegabytesRoundTripThroughCat) {
  std::string big(size_t{10} * 1024 * 1024, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26 + (i / 4096) % 3);
  Command cmd{"/bin/cat", {}};
  cmd.input = big;
  Result<CommandOutput> r = RunCommand(cmd);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->exit_code, 0);
  EXPECT_EQ(r->out.size(), big.size());
  EXPECT_TRUE(r->out == big);
}

TEST(Subprocess, BigInputToAChildThatDoesNotReadIsNoSigpipe) {
  std::string big(size_t{4} * 1024 * 1024, 'x');
  Command cmd = Sh("exit 0");
  cmd.input = big;
  Result<CommandOutput> r = RunCommand(cmd);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->exit_code, 0);
  // The caller's signal mask is as it was: SIGPIPE is not left blocked.
  sigset_t mask;
  ASSERT_EQ(pthread_sigmask(SIG_BLOCK, nullptr, &mask), 0);
  EXPECT_EQ(sigismember(&mask, SIGPIPE), 0);
  sigset_t pending;
  sigpending(&pending);
  EXPECT_EQ(sigismember(&pending, SIGPIPE), 0);
}

TEST(Subprocess, MissingProgramIsNotFound) {
  Result<CommandOutput> r = RunCommand(Command{"/nonexistent/ki-no-such-program", {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kNotFound);
  EXPECT_EQ(r.status().message(), "run /nonexistent/ki-no-such-program: No such file or directory");
}

TEST(Subprocess, NotExecutableIsPermissionDenied) {
  char dir[] = "/tmp/ki-subprocess-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string file = std::string(dir) + "/plain";
  std::ofstream(file) << "#!/bin/sh\n";
  Result<CommandOutput> r = RunCommand(Command{file, {}});
  ::unlink(file.c_str());
  ::rmdir(dir);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kPermissionDenied);
}

TEST(Subprocess, KilledBySignalIs128PlusSignal) {
  Result<CommandOutput> r = RunCommand(Sh("kill -9 $$"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 128 + SIGKILL);
}

// The child never ends by itself; only the limit can end the call.
TEST(Subprocess, TimeoutKillsTheChildAndSaysSo) {
  Command cmd = Sh("echo started; exec sleep 1000");
  cmd.timeout = std::chrono::milliseconds(200);
  Result<CommandOutput> r = RunCommand(cmd);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kUnavailable);
  EXPECT_EQ(r.status().message(), "run /bin/sh (limit 200 ms): timed out");
}

TEST(Subprocess, ArgumentsAreNotInterpretedByAShell) {
  Result<CommandOutput> r = RunCommand(Command{"/bin/echo", {"$HOME", "a;b", "*"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->out, "$HOME a;b *\n");
}

TEST(Subprocess, FindProgramSearchesPathThenSbin) {
  std::optional<std::string> sh = FindProgram("sh");
  ASSERT_TRUE(sh.has_value());
  EXPECT_EQ(sh->back(), 'h');
  EXPECT_EQ(access(sh->c_str(), X_OK), 0);
  EXPECT_FALSE(FindProgram("ki-no-such-program-anywhere").has_value());
}

}  // namespace
}  // namespace ki
