#include "pkg/ipvs/errors.h"

#include <cerrno>
#include <cstring>
#include <string>

namespace ki::ipvs {
namespace {

bool IsServiceOp(Op::Kind k) {
  return k == Op::Kind::kAddService || k == Op::Kind::kUpdateService ||
         k == Op::Kind::kDeleteService;
}

Status Make(Code code, std::string_view what, std::string_view text, int err) {
  std::string msg(what);
  msg += ": ";
  msg += text;
  switch (code) {
    case Code::kAlreadyExists:
      return Status::AlreadyExists(msg);
    case Code::kNotFound:
      return Status::NotFound(msg);
    case Code::kInvalidConfig:
      return Status::InvalidConfig(msg);
    case Code::kUnavailable:
      return Status::Unavailable(msg);
    default:
      return Status::FromErrno(err, what);
  }
}

}  // namespace

Status KernelError(Op::Kind kind, int err, std::string_view what) {
  const bool svc_op = IsServiceOp(kind);
  switch (err) {
    case EEXIST:
      return Make(Code::kAlreadyExists, what,
                  svc_op ? "service already exists" : "destination already exists", err);
    case ESRCH:
      return Make(Code::kNotFound, what, "no such service", err);
    case ENOENT:
      // For service writes the kernel's ENOENT means it could not load the
      // scheduler (ip_vs_<name>) or the persistence engine.
      if (kind == Op::Kind::kAddService || kind == Op::Kind::kUpdateService) {
        return Make(Code::kInvalidConfig, what,
                    "scheduler or persistence engine not found (no such ip_vs_<name> module)", err);
      }
      return Make(Code::kNotFound, what, svc_op ? "no such service" : "no such destination", err);
    case EINVAL:
      return Make(Code::kInvalidConfig, what,
                  "invalid argument (bad scheduler name, address not unicast or without a "
                  "route, bad netmask or timeout, ...)",
                  err);
    case EAFNOSUPPORT:
      return Make(Code::kInvalidConfig, what, "address family not supported", err);
    default:
      return KernelReadError(err, what);
  }
}

Status KernelReadError(int err, std::string_view what) {
  if (err == ESRCH) return Make(Code::kNotFound, what, "no such service", err);
  return Status::FromErrno(err, what);
}

Status IpvsUnavailable(std::string_view detail) {
  std::string msg =
      "IPVS is not available: the ip_vs module is neither built in nor loaded (`kubeadm-ipvs "
      "preflight` says why and what fixes it)";
  if (!detail.empty()) {
    msg += ": ";
    msg += detail;
  }
  return Status::Unavailable(msg);
}

}  // namespace ki::ipvs
