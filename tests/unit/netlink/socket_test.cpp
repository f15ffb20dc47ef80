// The socket against the host's kernel: rtnetlink and the generic netlink
// controller answer without privileges, so sequence matching, dumps and the
// pipeline's acknowledgement accounting are checked on real replies.
#include "pkg/netlink/socket.h"

#include <gtest/gtest.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <cerrno>
#include <vector>

namespace ki::netlink {
namespace {

// RTM_GETLINK of every link (the caller's network namespace has lo at least).
void AppendLinkDump(std::vector<uint8_t>& out, uint32_t seq) {
  const size_t start =
      wire::BeginMessage(out, RTM_GETLINK, wire::kFlagRequest | wire::kFlagDump, seq);
  out.resize(out.size() + sizeof(ifinfomsg), 0);  // ifi_family AF_UNSPEC: all
  wire::FinishMessage(out, start);
}

// RTM_DELADDR naming no link: the kernel refuses it (EPERM unprivileged,
// ENODEV or EINVAL as root), which is all these tests need: one
// acknowledgement per request, never a change.
void AppendBadDelete(std::vector<uint8_t>& out, uint32_t seq) {
  const size_t start =
      wire::BeginMessage(out, RTM_DELADDR, wire::kFlagRequest | wire::kFlagAck, seq);
  ifaddrmsg ifa{};
  ifa.ifa_family = AF_INET;
  ifa.ifa_prefixlen = 32;
  ifa.ifa_index = 0x7ffffff0;  // no such link
  const auto* p = reinterpret_cast<const uint8_t*>(&ifa);
  out.insert(out.end(), p, p + sizeof(ifa));
  const uint8_t addr[4] = {192, 0, 2, 1};
  wire::AttrWriter(out).Bytes(IFA_LOCAL, addr, sizeof(addr));
  wire::FinishMessage(out, start);
}

TEST(Socket, DumpDeliversEveryMessageOfItsSequenceThenEnds) {
  auto sock = Socket::Open(NETLINK_ROUTE);
  ASSERT_TRUE(sock.ok()) << sock.status().message();
  for (int round = 0; round < 3; ++round) {  // sequence numbers advance per request
    int links = 0;
    bool interrupted = false;
    Result<int> err = sock->Transact(
        AppendLinkDump,
        [&](const wire::Message& m) {
          EXPECT_EQ(m.type, RTM_NEWLINK);
          ++links;
          return Status::Ok();
        },
        &interrupted);
    ASSERT_TRUE(err.ok()) << err.status().message();
    EXPECT_EQ(*err, 0);
    EXPECT_GE(links, 1);
  }
}

TEST(Socket, AnOnDataErrorEndsTheTransaction) {
  auto sock = Socket::Open(NETLINK_ROUTE);
  ASSERT_TRUE(sock.ok());
  Result<int> err = sock->Transact(
      AppendLinkDump, [](const wire::Message&) { return Status::Internal("parse failed"); });
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.status().message(), "parse failed");
  // The rest of that dump is a straggler now: the next request still gets
  // exactly its own reply.
  int links = 0;
  err = sock->Transact(AppendLinkDump, [&](const wire::Message&) {
    ++links;
    return Status::Ok();
  });
  ASSERT_TRUE(err.ok()) << err.status().message();
  EXPECT_EQ(*err, 0);
  EXPECT_GE(links, 1);
}

TEST(Socket, PipelineReportsOneAcknowledgementPerRequestAcrossWindows) {
  auto sock = Socket::Open(NETLINK_ROUTE, {.window = 16});
  ASSERT_TRUE(sock.ok());
  EXPECT_EQ(sock->window(), 16u);
  constexpr size_t kRequests = 1000;  // 63 windows, the last one partial
  std::vector<int> acks(kRequests, 0);
  std::vector<int> errs(kRequests, 0);
  Status s = sock->Pipeline(
      kRequests, [](std::vector<uint8_t>& out, uint32_t seq, size_t) { AppendBadDelete(out, seq); },
      [&](size_t i, int err) {
        ASSERT_LT(i, kRequests);
        ++acks[i];
        errs[i] = err;
      });
  ASSERT_TRUE(s.ok()) << s.message();
  for (size_t i = 0; i < kRequests; ++i) {
    EXPECT_EQ(acks[i], 1) << "request " << i;
    EXPECT_NE(errs[i], 0) << "request " << i;
  }
}

TEST(Socket, PipelineOfNothingSendsNothing) {
  auto sock = Socket::Open(NETLINK_ROUTE);
  ASSERT_TRUE(sock.ok());
  bool appended = false;
  Status s = sock->Pipeline(
      0, [&](std::vector<uint8_t>&, uint32_t, size_t) { appended = true; }, [](size_t, int) {});
  EXPECT_TRUE(s.ok());
  EXPECT_FALSE(appended);
}

TEST(Socket, ResolvesTheGenericNetlinkController) {
  auto sock = Socket::Open(NETLINK_GENERIC);
  ASSERT_TRUE(sock.ok());
  Result<uint16_t> id = ResolveGenlFamily(*sock, "nlctrl");
  ASSERT_TRUE(id.ok()) << id.status().message();
  EXPECT_EQ(*id, GENL_ID_CTRL);
}

TEST(Socket, AMissingGenericFamilyIsNotFound) {
  auto sock = Socket::Open(NETLINK_GENERIC);
  ASSERT_TRUE(sock.ok());
  Result<uint16_t> id = ResolveGenlFamily(*sock, "KI-NO-SUCH");
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), Code::kNotFound);
  EXPECT_NE(id.status().message().find("KI-NO-SUCH"), std::string::npos);
}

}  // namespace
}  // namespace ki::netlink
