// Which iptables the node uses — nf_tables or legacy, the two keep separate
// rule sets in the kernel — and the binaries for it. Decided as kubelet's
// iptables-wrappers (kubernetes-sigs/iptables-wrappers) decide for the
// containers of a node:
//   1. kubelet's KUBE-IPTABLES-HINT or KUBE-KUBELET-CANARY chain in the mangle
//      table of iptables-nft (IPv4 or IPv6) -> nft;
//   2. the same chains in iptables-legacy -> legacy;
//   3. otherwise whichever holds more rules ("-A" lines of *-save, IPv4 and
//      IPv6 together);
//   4. a tie (typically a fresh node with no rules at all): what the plain
//      `iptables` on this host is (`iptables -V` says "(nf_tables)" or
//      "(legacy)"), as kubelet running on the host uses that one;
//   5. failing all that, nft (the wrappers' default).
// ChooseBackend is pure; DetectBackends runs the tools. Thread-safe.
#pragma once

#include <optional>
#include <string>

#include "pkg/base/status.h"

namespace ki::netfilter {

struct Backend {
  std::string iptables;  // absolute paths: /usr/sbin/iptables-nft, /usr/sbin/ip6tables-legacy, ...
  std::string save;
  std::string restore;
  bool nft = false;
  bool ipv6 = false;
  std::string version;  // "1.8.9"; empty when `-V` did not say
};

// iptables-restore takes -w/-W (wait for the xtables lock) from 1.6.2, as
// upstream's WaitRestoreMinVersion; the nft flavour accepts and ignores them.
bool SupportsRestoreWait(const Backend& b);
// MASQUERADE --random-fully, from 1.6.2 (upstream's RandomFullyMinVersion).
bool SupportsRandomFully(const Backend& b);

// What the tools printed; a tool that is missing or failed contributes "".
struct BackendProbe {
  std::string nft_mangle;       // iptables-nft-save -t mangle, then ip6tables-nft-save -t mangle
  std::string legacy_all;       // iptables-legacy-save, then ip6tables-legacy-save (all tables:
                                // -t would make the legacy kernel table exist)
  std::string nft_all;          // iptables-nft-save, then ip6tables-nft-save
  std::string default_version;  // `iptables -V` of the plain iptables
};

struct BackendChoice {
  bool nft = true;
  std::string reason;  // which step decided, for the log
};

BackendChoice ChooseBackend(const BackendProbe& probe);

// "iptables v1.8.9 (nf_tables)" -> "1.8.9"; "" when there is no version.
std::string ParseIptablesVersion(std::string_view v_output);

struct Backends {
  Backend ipv4;
  std::optional<Backend> ipv6;  // absent when the ip6tables tools are not installed
  std::string reason;
};

// The tools of one flavour and family: iptables-nft, iptables-nft-save,
// iptables-nft-restore (ip6tables-... for IPv6; -legacy alike), or the plain
// names when the plain tool is that flavour; with its version. kNotFound
// when there are none.
Result<Backend> FindBackend(bool nft, bool ipv6);

// Probes the host (up to seven short tool runs, once at start-up) and finds
// the chosen flavour's binaries: iptables-nft-restore etc., or the plain
// iptables-restore etc. when the plain iptables is that flavour. kNotFound
// when there is no iptables of the chosen flavour.
Result<Backends> DetectBackends();

}  // namespace ki::netfilter
