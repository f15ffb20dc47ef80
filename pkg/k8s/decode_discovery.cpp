// EndpointSlice (discovery.k8s.io/v1) and Node (v1) decoding.
#include "pkg/k8s/decode_objects.h"

namespace ki::k8s::internal {

static Status DecodeConditions(const Fields& ep, EndpointConditions& c) {
  Result<Fields> f = ep.Map("conditions");
  if (!f.ok()) return f.status();
  KI_RETURN_IF_ERROR(f->OptBool("ready", c.ready));
  KI_RETURN_IF_ERROR(f->OptBool("serving", c.serving));
  return f->OptBool("terminating", c.terminating);
}

static Status DecodeHints(const Fields& ep, std::vector<std::string>& zones) {
  Result<Fields> hints = ep.Map("hints");
  if (!hints.ok()) return hints.status();
  Result<std::vector<Fields>> for_zones = hints->MapList("forZones");
  if (!for_zones.ok()) return for_zones.status();
  for (const Fields& z : *for_zones) {
    std::string name;
    KI_RETURN_IF_ERROR(z.Str("name", name));
    zones.push_back(std::move(name));
  }
  return Status::Ok();
}

static Status DecodeEndpoint(const Fields& f, AddressType type, Endpoint& ep) {
  KI_RETURN_IF_ERROR(f.StrList("addresses", ep.addresses));
  if (ep.addresses.empty()) return f.Error("addresses", "at least one address is required");
  if (type != AddressType::kFqdn) {
    for (size_t i = 0; i < ep.addresses.size(); ++i) {
      const std::string& a = ep.addresses[i];
      const bool v6 = a.find(':') != std::string::npos;
      if (!IsIpText(a) || v6 != (type == AddressType::kIPv6)) {
        return f.Error("addresses[" + std::to_string(i) + "]",
                       "\"" + a + "\" is not an address of the slice's addressType");
      }
    }
  }
  KI_RETURN_IF_ERROR(DecodeConditions(f, ep.conditions));
  KI_RETURN_IF_ERROR(f.Str("nodeName", ep.node_name));
  KI_RETURN_IF_ERROR(f.Str("zone", ep.zone));
  return DecodeHints(f, ep.hint_zones);
}

static Status DecodeSlicePorts(const Fields& root, std::vector<EndpointPort>& out) {
  Result<std::vector<Fields>> ports = root.MapList("ports");
  if (!ports.ok()) return ports.status();
  for (const Fields& p : *ports) {
    EndpointPort ep;
    KI_RETURN_IF_ERROR(p.Str("name", ep.name));
    KI_RETURN_IF_ERROR(DecodeProtocol(p, "protocol", ep.protocol));
    KI_RETURN_IF_ERROR(p.OptInt("port", ep.port));
    if (ep.port && (*ep.port < 1 || *ep.port > 65535)) {
      return p.Error("port", std::to_string(*ep.port) + " is not a port (1-65535)");
    }
    out.push_back(std::move(ep));
  }
  return Status::Ok();
}

Result<EndpointSlice> DecodeEndpointSlice(const Fields& root) {
  EndpointSlice s;
  KI_RETURN_IF_ERROR(DecodeMeta(root, s.meta));
  std::string type;
  KI_RETURN_IF_ERROR(root.Str("addressType", type));
  if (type == "IPv4") {
    s.address_type = AddressType::kIPv4;
  } else if (type == "IPv6") {
    s.address_type = AddressType::kIPv6;
  } else if (type == "FQDN") {
    s.address_type = AddressType::kFqdn;
  } else {
    return root.Error("addressType",
                      type.empty() ? "required (IPv4, IPv6 or FQDN)"
                                   : "unknown value \"" + type + "\" (want IPv4, IPv6 or FQDN)");
  }
  Result<std::vector<Fields>> eps = root.MapList("endpoints");
  if (!eps.ok()) return eps.status();
  s.endpoints.reserve(eps->size());  // kept as long as the slice: no slack
  for (const Fields& f : *eps) {
    Endpoint ep;
    KI_RETURN_IF_ERROR(DecodeEndpoint(f, s.address_type, ep));
    s.endpoints.push_back(std::move(ep));
  }
  KI_RETURN_IF_ERROR(DecodeSlicePorts(root, s.ports));
  return s;
}

static Status DecodePodCidrs(const Fields& spec, std::vector<std::string>& out) {
  KI_RETURN_IF_ERROR(spec.StrList("podCIDRs", out));
  for (size_t i = 0; i < out.size(); ++i) {
    if (!IsCidrText(out[i])) {
      return spec.Error("podCIDRs[" + std::to_string(i) + "]", "\"" + out[i] + "\" is not a CIDR");
    }
  }
  if (!out.empty()) return Status::Ok();
  // The API server mirrors podCIDR into podCIDRs, but a hand-written manifest
  // (or an old object) may carry only podCIDR.
  std::string single;
  KI_RETURN_IF_ERROR(spec.Str("podCIDR", single));
  if (single.empty()) return Status::Ok();
  if (!IsCidrText(single)) return spec.Error("podCIDR", "\"" + single + "\" is not a CIDR");
  out.push_back(std::move(single));
  return Status::Ok();
}

Result<Node> DecodeNode(const Fields& root) {
  Node n;
  KI_RETURN_IF_ERROR(DecodeMeta(root, n.meta));
  Result<Fields> meta = root.Map("metadata");
  if (!meta.ok()) return meta.status();
  std::string deletion;
  KI_RETURN_IF_ERROR(meta->Str("deletionTimestamp", deletion));
  n.deleting = !deletion.empty();
  Result<Fields> spec = root.Map("spec");
  if (!spec.ok()) return spec.status();
  Result<std::vector<Fields>> taints = spec->MapList("taints");
  if (!taints.ok()) return taints.status();
  for (const Fields& t : *taints) {
    std::string key;
    KI_RETURN_IF_ERROR(t.Str("key", key));
    n.taint_keys.push_back(std::move(key));
  }
  KI_RETURN_IF_ERROR(DecodePodCidrs(*spec, n.pod_cidrs));
  Result<Fields> status = root.Map("status");
  if (!status.ok()) return status.status();
  Result<std::vector<Fields>> addrs = status->MapList("addresses");
  if (!addrs.ok()) return addrs.status();
  for (const Fields& a : *addrs) {
    NodeAddress na;
    KI_RETURN_IF_ERROR(a.Str("type", na.type));
    KI_RETURN_IF_ERROR(a.Str("address", na.address));
    n.addresses.push_back(std::move(na));
  }
  return n;
}

}  // namespace ki::k8s::internal
