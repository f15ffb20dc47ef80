#include "pkg/base/status.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace ki {
namespace {

TEST(Status, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(ExitCodeFor(s), 0);
}

TEST(Status, FromErrnoMapsCodeAndKeepsErrno) {
  Status s = Status::FromErrno(EEXIST, "add service 10.0.0.1:80");
  EXPECT_EQ(s.code(), Code::kAlreadyExists);
  EXPECT_EQ(s.sys_errno(), EEXIST);
  EXPECT_EQ(s.message(), "add service 10.0.0.1:80: File exists");
  EXPECT_EQ(Status::FromErrno(ENOENT, "x").code(), Code::kNotFound);
  EXPECT_EQ(Status::FromErrno(EACCES, "x").code(), Code::kPermissionDenied);
  EXPECT_EQ(Status::FromErrno(EINVAL, "x").code(), Code::kInternal);
}

TEST(Status, WrapPrefixesContextAndKeepsCode) {
  Status s = Status::InvalidConfig("bad mode").Wrap("config.yaml");
  EXPECT_EQ(s.message(), "config.yaml: bad mode");
  EXPECT_EQ(s.code(), Code::kInvalidConfig);
  EXPECT_TRUE(Status::Ok().Wrap("ctx").ok());
}

TEST(Status, ExitCodesFollowKubeadm) {
  EXPECT_EQ(ExitCodeFor(Status::Preflight("x")), 2);
  EXPECT_EQ(ExitCodeFor(Status::InvalidConfig("x")), 3);
  EXPECT_EQ(ExitCodeFor(Status::Internal("x")), 1);
  EXPECT_EQ(ExitCodeFor(Status::NotImplemented("x")), 1);
}

TEST(Result, HoldsValueOrStatus) {
  Result<int> good = 7;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 7);
  Result<int> bad = Status::NotFound("gone");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "gone");
}

Status FailsThenNotReached(bool& reached) {
  KI_RETURN_IF_ERROR(Status::Internal("first"));
  reached = true;
  return Status::Ok();
}

TEST(Result, ReturnIfErrorReturnsEarly) {
  bool reached = false;
  EXPECT_EQ(FailsThenNotReached(reached).message(), "first");
  EXPECT_FALSE(reached);
}

}  // namespace
}  // namespace ki
