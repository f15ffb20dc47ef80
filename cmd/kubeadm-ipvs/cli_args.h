// The command line's grammar, checked before CLI11 binds anything: every
// option of every subcommand, read from the app tree, so a new flag follows
// the same rules without code of its own. pflag's habits (kubeadm's), stricter
// where pflag lets a typo through:
//   --flag=value, --flag value, -f value, -fvalue, -f=value; -nc for two flags;
//   a flag (no value) alone means true, --flag=false sets it false;
//   an empty value (--flag=, --flag "") and a missing one are errors, and a
//   word that looks like a flag (--x, -x) is never taken as a value;
//   each flag at most once; the root's options (-v) anywhere on the line;
//   `--` ends the options.
// Pure over the app it is given (read only); thread-compatible.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/base/status.h"

namespace ki::cmd {

// One option the user gave, with its value ("" for a flag given alone).
struct GivenOption {
  const CLI::Option* option = nullptr;
  std::string value;
};

struct CheckedArgs {
  // The same command line in the one form CLI11 parses without guessing:
  // root options first, then each subcommand followed by its options, each as
  // --long=value (or --long for a flag), positionals after `--`.
  std::vector<std::string> canonical;
  std::vector<GivenOption> given;
  // The commands the words chose, root first (for "Run '... --help'").
  std::vector<const CLI::App*> path;
};

// Checks `args` (argv without the program name) against the app tree.
// An error is InvalidConfig (exit 3) whose message names the word or flag,
// with user values through Quote().
Result<CheckedArgs> CheckArgs(const CLI::App& root, const std::vector<std::string>& args);

// The subcommand of `app` that `word` names, or null.
const CLI::App* FindSubcommand(const CLI::App& app, const std::string& word);

// InvalidConfig: `message`, then "Run '<app's path> --help' for usage."
Status UsageError(const CLI::App& app, const std::string& message);

// `unknown command "iniy" for "kubeadm-ipvs"` with cobra's "Did you mean
// this?" list of the app's subcommands within two edits (or sharing the
// typed prefix).
Status UnknownCommand(const CLI::App& app, std::string_view word);

// "kubeadm-ipvs config validate": the names from the root down to `app`.
std::string CommandPath(const CLI::App& app);

// "-v, --v" or "--output-dir": how pflag names a flag in its messages.
std::string FlagNames(const CLI::Option& option);

// Value checks whose messages never repeat the value (the caller quotes it
// once, cut): one of `allowed`; an integer in [min, max].
CLI::Validator OneOf(const std::vector<std::string>& allowed);
CLI::Validator IntegerIn(long long min, long long max);

}  // namespace ki::cmd
