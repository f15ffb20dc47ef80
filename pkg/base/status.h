// Status and Result<T>: the project's one error type.
//
// A Status is ok or carries a code, a message and, for OS errors, the errno.
// Context is added at each boundary with Wrap() ("phase x: write /etc/y: ...").
// Values are immutable and cheap to copy; safe to share between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace ki {

enum class Code {
  kOk,
  kInvalidConfig,     // bad configuration file or flags (exit 3)
  kPreflight,         // a fatal preflight check (exit 2)
  kNotFound,          // ENOENT / ESRCH class
  kAlreadyExists,     // EEXIST class
  kPermissionDenied,  // EPERM / EACCES
  kUnavailable,       // the facility is missing (e.g. no IPVS in this kernel)
  kNotImplemented,    // a subcommand that is not built yet
  kInternal,          // anything else at run time (exit 1)
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok

  static Status Ok() { return Status(); }
  static Status InvalidConfig(std::string msg) { return {Code::kInvalidConfig, std::move(msg)}; }
  static Status Preflight(std::string msg) { return {Code::kPreflight, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
  static Status AlreadyExists(std::string msg) { return {Code::kAlreadyExists, std::move(msg)}; }
  static Status Unavailable(std::string msg) { return {Code::kUnavailable, std::move(msg)}; }
  static Status NotImplemented(std::string msg) { return {Code::kNotImplemented, std::move(msg)}; }
  static Status Internal(std::string msg) { return {Code::kInternal, std::move(msg)}; }
  // The one place errno becomes a Status: "<context>: <strerror>".
  static Status FromErrno(int err, std::string_view context);

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  int sys_errno() const { return errno_; }

  // Returns a copy whose message is "<context>: <message>"; ok stays ok.
  Status Wrap(std::string_view context) const;

 private:
  Status(Code code, std::string msg, int err = 0)
      : code_(code), message_(std::move(msg)), errno_(err) {}

  Code code_ = Code::kOk;
  std::string message_;
  int errno_ = 0;
};

// kubeadm's historical exit codes: 0 ok, 1 runtime, 2 preflight, 3 config/flags.
int ExitCodeFor(const Status& status);

// A value or the Status saying why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace ki

// Returns early with the Status of an expression that yields a Status.
#define KI_RETURN_IF_ERROR(expr)       \
  do {                                 \
    ::ki::Status ki_status__ = (expr); \
    if (!ki_status__.ok()) {           \
      return ki_status__;              \
    }                                  \
  } while (0)
