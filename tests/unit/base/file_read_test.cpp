#include "pkg/base/file_read.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "pkg/base/fd.h"

namespace ki {
namespace {

namespace fs = std::filesystem;

class ReadRegularFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ki-file-read-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::string p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  fs::path dir_;
};

constexpr FileLimit kLimit{16, "a test file"};

TEST_F(ReadRegularFileTest, ReadsARegularFile) {
  Result<std::string> r = ReadRegularFile(Write("a", "hello"), kLimit);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, "hello");
}

TEST_F(ReadRegularFileTest, ReadsAFileOfExactlyTheCap) {
  Result<std::string> r = ReadRegularFile(Write("a", std::string(16, 'x')), kLimit);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->size(), 16u);
}

TEST_F(ReadRegularFileTest, RefusesAFileOverTheCapAndStatesIt) {
  Result<std::string> r = ReadRegularFile(Write("a", std::string(17, 'x')), kLimit);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidConfig);
  EXPECT_NE(r.status().message().find("is larger than 16 bytes, the most read for a test file"),
            std::string::npos)
      << r.status().message();
}

TEST_F(ReadRegularFileTest, RefusesADirectoryByName) {
  Result<std::string> r = ReadRegularFile(dir_.string(), kLimit);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidConfig);
  EXPECT_NE(r.status().message().find("is a directory, not a regular file"), std::string::npos)
      << r.status().message();
}

TEST_F(ReadRegularFileTest, RefusesAFifoWithoutWaitingForAWriter) {
  std::string p = (dir_ / "fifo").string();
  ASSERT_EQ(::mkfifo(p.c_str(), 0600), 0);
  Result<std::string> r = ReadRegularFile(p, kLimit);  // would block forever if it opened blocking
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("is a FIFO (named pipe), not a regular file"),
            std::string::npos)
      << r.status().message();
}

TEST_F(ReadRegularFileTest, RefusesACharacterDevice) {
  Result<std::string> r = ReadRegularFile("/dev/zero", kLimit);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("/dev/zero: is a character device"), std::string::npos)
      << r.status().message();
}

TEST_F(ReadRegularFileTest, RefusesASocketByName) {
  std::string p = (dir_ / "sock").string();
  UniqueFd s(::socket(AF_UNIX, SOCK_STREAM, 0));
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  p.copy(addr.sun_path, sizeof(addr.sun_path) - 1);
  ASSERT_EQ(::bind(s.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  Result<std::string> r = ReadRegularFile(p, kLimit);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("is a socket"), std::string::npos) << r.status().message();
}

TEST_F(ReadRegularFileTest, AMissingFileSaysSo) {
  Result<std::string> r = ReadRegularFile((dir_ / "nope").string(), kLimit);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kNotFound);
  EXPECT_NE(r.status().message().find("No such file or directory"), std::string::npos);
}

TEST_F(ReadRegularFileTest, AnEmptyPathIsInvalid) {
  Result<std::string> r = ReadRegularFile("", kLimit);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidConfig);
}

TEST(FormatByteSizeTest, UsesTheLargestExactUnit) {
  EXPECT_EQ(FormatByteSize(4 << 20), "4 MiB");
  EXPECT_EQ(FormatByteSize(512 << 10), "512 KiB");
  EXPECT_EQ(FormatByteSize(1000), "1000 bytes");
}

}  // namespace
}  // namespace ki
