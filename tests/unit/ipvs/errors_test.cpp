#include "pkg/ipvs/errors.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace ki::ipvs {
namespace {

// The kernel's errno means different things per command (ip_vs_ctl.c).
TEST(KernelError, MeaningDependsOnTheCommand) {
  using K = Op::Kind;
  EXPECT_EQ(KernelError(K::kAddService, EEXIST, "x").message(), "x: service already exists");
  EXPECT_EQ(KernelError(K::kAddDest, EEXIST, "x").message(), "x: destination already exists");
  EXPECT_EQ(KernelError(K::kDeleteService, ESRCH, "x").code(), Code::kNotFound);
  EXPECT_EQ(KernelError(K::kAddDest, ESRCH, "x").message(), "x: no such service");
  EXPECT_EQ(KernelError(K::kDeleteDest, ENOENT, "x").message(), "x: no such destination");
  Status sched = KernelError(K::kAddService, ENOENT, "x");
  EXPECT_EQ(sched.code(), Code::kInvalidConfig);
  EXPECT_NE(sched.message().find("scheduler or persistence engine not found"), std::string::npos);
  EXPECT_EQ(KernelError(K::kUpdateService, EINVAL, "x").code(), Code::kInvalidConfig);
  EXPECT_EQ(KernelError(K::kAddService, EPERM, "x").code(), Code::kPermissionDenied);
}

TEST(KernelError, UnavailableSaysNeitherBuiltInNorLoadedAndNeverGuessesModprobe) {
  // The cause (no CONFIG_IP_VS, or loadable but not loaded) is preflight's
  // diagnosis; this layer can't tell them apart, so it must not guess.
  Status s = IpvsUnavailable("no family");
  EXPECT_EQ(s.code(), Code::kUnavailable);
  EXPECT_NE(s.message().find("neither built in nor loaded"), std::string::npos);
  EXPECT_EQ(s.message().find("modprobe"), std::string::npos);
}

}  // namespace
}  // namespace ki::ipvs
