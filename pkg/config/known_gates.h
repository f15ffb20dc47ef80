// Every feature gate name kube-proxy's and kubeadm's featureGates accepted in
// some release, with the releases that had it, written from upstream's gate
// definitions (sources in known_gates.cpp). Pure data; thread-safe.
#pragma once

#include <span>
#include <string_view>

namespace ki::config {

struct GateHistory {
  std::string_view name;
  // The first and last Kubernetes release that had the gate ("v1.8");
  // until "" = still there in the newest release the table covers.
  std::string_view since;
  std::string_view until;
  // kube-proxy itself consults the gate (pkg/proxy, cmd/kube-proxy, and the
  // logging, metrics, zpages and client-go gates it registers). Only set in
  // the Kubernetes table.
  bool proxy_reads = false;
};

// The tables cover releases up to v1.36 (v1.36 and the one v1.37 gate
// known, KubeProxyIPVS, only in part: see the .cpp).

// Kubernetes' gates, each release's whole set: kube-proxy registered all of
// them (pkg/features, the generic apiserver's and apiextensions' gates, and
// component-base's) and accepted any in its featureGates. Sorted by name.
std::span<const GateHistory> KubernetesGateHistory();

// kubeadm's own gates (cmd/kubeadm/app/features/features.go). Sorted by name.
std::span<const GateHistory> KubeadmGateHistory();

// The row named exactly `name` (gates are case-sensitive), or nullptr.
const GateHistory* FindGate(std::span<const GateHistory> table, std::string_view name);

}  // namespace ki::config
