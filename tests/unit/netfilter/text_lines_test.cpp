// Reading the tools' text line by line (and word by word), and quoting the
// line a restore tool says failed.
#include "pkg/netfilter/text_lines.h"

#include <gtest/gtest.h>

#include <vector>

namespace ki::netfilter {
namespace {

TEST(SplitOff, TakesEachPieceWithoutItsSeparator) {
  std::string_view text = "*nat\n-A X -j Y\n\nCOMMIT";
  std::vector<std::string_view> lines;
  while (!text.empty()) lines.push_back(TakeLine(text));
  EXPECT_EQ(lines, (std::vector<std::string_view>{"*nat", "-A X -j Y", "", "COMMIT"}));
  std::string_view words = "add KUBE-CLUSTER-IP 10.96.0.10,tcp:80";
  EXPECT_EQ(SplitOff(words, ' '), "add");
  EXPECT_EQ(SplitOff(words, ' '), "KUBE-CLUSTER-IP");
  EXPECT_EQ(SplitOff(words, ' '), "10.96.0.10,tcp:80");
  EXPECT_TRUE(words.empty());
  std::string_view trailing = "last\n";
  EXPECT_EQ(TakeLine(trailing), "last");
  EXPECT_TRUE(trailing.empty());
}

TEST(QuoteFailingLine, QuotesTheNamedLineOrNothing) {
  const std::string_view script = "create A hash:ip\nadd A 1.2.3\nadd A 10.0.0.1\n";
  EXPECT_EQ(QuoteFailingLine("ipset v7.17: Error in line 2: bad", "Error in line ", script),
            " [line 2: add A 1.2.3]");
  EXPECT_EQ(QuoteFailingLine("Error occurred at line: 9", "line: ", script), "");
  EXPECT_EQ(QuoteFailingLine("no line named", "Error in line ", script), "");
}

}  // namespace
}  // namespace ki::netfilter
