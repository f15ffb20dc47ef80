#include "pkg/base/quote.h"

#include <gtest/gtest.h>

namespace ki {
namespace {

TEST(QuoteTest, QuotesPrintableText) { EXPECT_EQ(Quote("abc"), "\"abc\""); }

TEST(QuoteTest, EscapesControlBytesQuotesAndBackslashes) {
  EXPECT_EQ(Quote(std::string("a\x01\n\"\\", 5)), "\"a\\x01\\n\\\"\\\\\"");
}

TEST(QuoteTest, KeepsValidUtf8AndEscapesInvalidBytes) {
  EXPECT_EQ(Quote("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
  EXPECT_EQ(Quote("\xff\xc3"), "\"\\xff\\xc3\"");
}

TEST(QuoteTest, CutsALongValueAndStatesItsLength) {
  std::string q = Quote(std::string(500000, 'a'));
  EXPECT_EQ(q, "\"" + std::string(kMaxQuotedBytes, 'a') + "...\" (500000 bytes)");
}

TEST(QuoteTest, NeverCutsInsideAnEscape) {
  // 79 printable bytes, then an escape that would not fit whole.
  std::string q = Quote(std::string(79, 'a') + "\x01" + "bbbb");
  EXPECT_EQ(q, "\"" + std::string(79, 'a') + "...\" (84 bytes)");
}

TEST(QuotePathTest, LeavesCleanPathsAlone) {
  EXPECT_EQ(QuotePath("/etc/kubernetes/admin.conf"), "/etc/kubernetes/admin.conf");
  EXPECT_EQ(QuotePath("a\nb"), "\"a\\nb\"");
  EXPECT_EQ(QuotePath(""), "\"\"");
}

}  // namespace
}  // namespace ki
