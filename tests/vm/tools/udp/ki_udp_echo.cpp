// ki-udp-echo: the UDP ends of the VM's conntrack checks (busybox nc has no
// UDP).
//   ki-udp-echo serve PORT NAME         answer every datagram with NAME
//   ki-udp-echo ask IP PORT SRCPORT     send one datagram from SRCPORT (the same
//                                       flow every time) and print the answer;
//                                       exit 1 when none comes within 2 s
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "pkg/base/fd.h"

namespace {

int Serve(int port, const std::string& name) {
  ki::UniqueFd fd(::socket(AF_INET, SOCK_DGRAM, 0));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (fd.get() < 0 || ::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    std::perror("bind");
    return 1;
  }
  char buf[512];
  for (;;) {
    sockaddr_in from{};
    socklen_t len = sizeof from;
    if (::recvfrom(fd.get(), buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len) < 0) {
      continue;
    }
    (void)::sendto(fd.get(), name.data(), name.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
  }
}

int Ask(const char* ip, int port, int src_port) {
  ki::UniqueFd fd(::socket(AF_INET, SOCK_DGRAM, 0));
  const int one = 1;
  (void)::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in src{};
  src.sin_family = AF_INET;
  src.sin_port = htons(static_cast<uint16_t>(src_port));
  sockaddr_in dst{};
  dst.sin_family = AF_INET;
  dst.sin_port = htons(static_cast<uint16_t>(port));
  if (fd.get() < 0 || ::bind(fd.get(), reinterpret_cast<sockaddr*>(&src), sizeof src) != 0 ||
      ::inet_pton(AF_INET, ip, &dst.sin_addr) != 1) {
    std::perror("ask");
    return 2;
  }
  (void)::sendto(fd.get(), "?", 1, 0, reinterpret_cast<sockaddr*>(&dst), sizeof dst);
  pollfd p{fd.get(), POLLIN, 0};
  if (::poll(&p, 1, 2000) != 1) return 1;
  char buf[512];
  const ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
  if (n <= 0) return 1;
  std::printf("%.*s\n", static_cast<int>(n), buf);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "serve" && argc == 4) return Serve(std::atoi(argv[2]), argv[3]);
  if (cmd == "ask" && argc == 5) return Ask(argv[2], std::atoi(argv[3]), std::atoi(argv[4]));
  std::fprintf(stderr, "usage: ki-udp-echo serve PORT NAME | ask IP PORT SRCPORT\n");
  return 2;
}
