#include "pkg/config/duration.h"

#include <gtest/gtest.h>

namespace ki::config {
namespace {

struct ParseCase {
  const char* text;
  int64_t ns;
};

class DurationParse : public ::testing::TestWithParam<ParseCase> {};

TEST_P(DurationParse, ReadsGoSyntax) {
  Result<Duration> d = ParseDuration(GetParam().text);
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->ns, GetParam().ns);
}

INSTANTIATE_TEST_SUITE_P(
    Valid, DurationParse,
    ::testing::Values(ParseCase{"0", 0}, ParseCase{"0s", 0}, ParseCase{"30s", 30'000'000'000},
                      ParseCase{"1m30s", 90'000'000'000}, ParseCase{"250ms", 250'000'000},
                      ParseCase{"1.5s", 1'500'000'000}, ParseCase{"24h", 86'400'000'000'000},
                      ParseCase{"24h0m0s", 86'400'000'000'000}, ParseCase{"10us", 10'000},
                      ParseCase{"10\xC2\xB5s", 10'000}, ParseCase{"7ns", 7},
                      ParseCase{"+5s", 5'000'000'000}, ParseCase{".5s", 500'000'000}));

struct BadCase {
  const char* text;
  const char* why;
};

class DurationReject : public ::testing::TestWithParam<BadCase> {};

TEST_P(DurationReject, SaysWhy) {
  Result<Duration> d = ParseDuration(GetParam().text);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), Code::kInvalidConfig);
  EXPECT_NE(d.status().message().find(GetParam().why), std::string::npos) << d.status().message();
}

INSTANTIATE_TEST_SUITE_P(Invalid, DurationReject,
                         ::testing::Values(BadCase{"30", "missing unit"},
                                           BadCase{"-1s", "must not be negative"},
                                           BadCase{"1x", "unknown unit \"x\""},
                                           BadCase{"", "empty"}, BadCase{"s", "expected a number"},
                                           BadCase{"1s2", "missing unit"},
                                           BadCase{"99999999999999999999h", "too large"},
                                           BadCase{"3000000h", "too large"}));

TEST(DurationFormat, MatchesGoString) {
  EXPECT_EQ(FormatDuration(Duration{0}), "0s");
  EXPECT_EQ(FormatDuration(Duration::Seconds(30)), "30s");
  EXPECT_EQ(FormatDuration(Duration::Minutes(15)), "15m0s");
  EXPECT_EQ(FormatDuration(Duration::Hours(24)), "24h0m0s");
  EXPECT_EQ(FormatDuration(Duration::Millis(250)), "250ms");
  EXPECT_EQ(FormatDuration(Duration::Millis(1500)), "1.5s");
  EXPECT_EQ(FormatDuration(Duration{90'000'000'000}), "1m30s");
  EXPECT_EQ(FormatDuration(Duration{1'500'000}), "1.5ms");
  EXPECT_EQ(FormatDuration(Duration{10'000}), "10\xC2\xB5s");
  EXPECT_EQ(FormatDuration(Duration{7}), "7ns");
}

TEST(DurationFormat, RoundTrips) {
  for (int64_t ns : {1LL, 999LL, 1'000'000LL, 1'234'567'890LL, 3'600'000'000'001LL}) {
    Result<Duration> back = ParseDuration(FormatDuration(Duration{ns}));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->ns, ns);
  }
}

}  // namespace
}  // namespace ki::config
