// Running a program without a shell: argv by absolute path, optional stdin
// text, stdout and stderr captured, a time limit. Every pipe and the child are
// owned here and released on every path (a child still running at a timeout
// is killed and reaped). Stdin, stdout and stderr are pumped together with
// poll(), so a large input and a large output cannot deadlock each other.
// Thread-safe: nothing is shared between calls (SIGPIPE is blocked only in the
// calling thread while it writes).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/base/status.h"

namespace ki {

struct Command {
  std::string path;               // absolute path of the program; no PATH search
  std::vector<std::string> args;  // argv[1..]; argv[0] is path
  std::string_view input;  // fed to stdin, which is then closed (borrowed: must outlive RunCommand)
  std::chrono::milliseconds timeout{60'000};  // default 60 s; the child is killed after it
  bool merge_stderr = false;  // default false; true: stderr goes into out, interleaved as written
};

struct CommandOutput {
  int exit_code = 0;  // the exit status, or 128 + signal number when a signal ended it
  std::string out;    // stdout (and stderr with merge_stderr)
  std::string err;    // stderr, empty with merge_stderr

  bool ok() const { return exit_code == 0; }
  // "exit status 3: <stderr, else stdout, trimmed, lines joined by "; ">" for
  // error messages (at most ~2000 characters of the output).
  std::string Describe() const;
};

// Runs cmd and waits for it. A program that ran and failed is not an error
// here (see CommandOutput::exit_code); errors are: the program cannot be
// started (kNotFound for a missing file, kPermissionDenied when not
// executable), a pipe or poll failure, and the timeout (kUnavailable).
Result<CommandOutput> RunCommand(const Command& cmd);

// The first executable file called `name` in $PATH, then in /usr/local/sbin,
// /usr/sbin and /sbin (where daemons' tools live even when PATH is minimal).
std::optional<std::string> FindProgram(std::string_view name);

}  // namespace ki
