// Service (v1) decoding.

#include "pkg/k8s/decode_objects.h"

namespace ki::k8s::internal {

Status DecodeMeta(const Fields& root, ObjectMeta& out) {
  Result<Fields> meta = root.Map("metadata");
  if (!meta.ok()) return meta.status();
  KI_RETURN_IF_ERROR(meta->Str("namespace", out.id.ns));
  KI_RETURN_IF_ERROR(meta->Str("name", out.id.name));
  if (out.id.name.empty()) return root.Error("metadata.name", "required");
  KI_RETURN_IF_ERROR(meta->StrMap("labels", out.labels));
  return meta->StrMap("annotations", out.annotations);
}

Status DecodeProtocol(const Fields& f, const std::string& key, Protocol& out) {
  std::string p = "TCP";
  KI_RETURN_IF_ERROR(f.Str(key, p));
  if (p == "TCP") {
    out = Protocol::kTcp;
  } else if (p == "UDP") {
    out = Protocol::kUdp;
  } else if (p == "SCTP") {
    out = Protocol::kSctp;
  } else {
    return f.Error(key, "unknown protocol \"" + p + "\" (want TCP, UDP or SCTP)");
  }
  return Status::Ok();
}

static Status CheckPort(const Fields& f, const std::string& key, int32_t v, bool zero_ok) {
  if ((zero_ok && v == 0) || (v >= 1 && v <= 65535)) return Status::Ok();
  return f.Error(key, std::to_string(v) + " is not a port (1-65535)");
}

static Status DecodePorts(const Fields& spec, std::vector<ServicePort>& out) {
  Result<std::vector<Fields>> ports = spec.MapList("ports");
  if (!ports.ok()) return ports.status();
  for (const Fields& p : *ports) {
    ServicePort sp;
    KI_RETURN_IF_ERROR(p.Str("name", sp.name));
    KI_RETURN_IF_ERROR(DecodeProtocol(p, "protocol", sp.protocol));
    if (!p.Has("port")) return p.Error("port", "required");
    KI_RETURN_IF_ERROR(p.Int("port", sp.port));
    KI_RETURN_IF_ERROR(CheckPort(p, "port", sp.port, false));
    KI_RETURN_IF_ERROR(p.IntOrStr("targetPort", sp.target_port));
    KI_RETURN_IF_ERROR(p.Int("nodePort", sp.node_port));
    KI_RETURN_IF_ERROR(CheckPort(p, "nodePort", sp.node_port, true));
    out.push_back(std::move(sp));
  }
  return Status::Ok();
}

template <typename E>
static Status DecodeEnum(const Fields& f, const std::string& key,
                         std::initializer_list<std::pair<const char*, E>> names, E& out) {
  std::string v;
  KI_RETURN_IF_ERROR(f.Str(key, v));
  if (v.empty()) return Status::Ok();
  std::string want;
  for (const auto& [name, value] : names) {
    if (v == name) {
      out = value;
      return Status::Ok();
    }
    want += want.empty() ? name : std::string(", ") + name;
  }
  return f.Error(key, "unknown value \"" + v + "\" (want one of " + want + ")");
}

static Status CheckIps(const Fields& f, const std::string& key,
                       const std::vector<std::string>& ips) {
  for (size_t i = 0; i < ips.size(); ++i) {
    if (ips[i] == "None" && key.starts_with("clusterIP")) continue;
    if (!IsIpText(ips[i])) {
      return f.Error(key + "[" + std::to_string(i) + "]",
                     "\"" + ips[i] + "\" is not an IP address");
    }
  }
  return Status::Ok();
}

static Status DecodeAddresses(const Fields& spec, Service& s) {
  KI_RETURN_IF_ERROR(spec.Str("clusterIP", s.cluster_ip));
  KI_RETURN_IF_ERROR(spec.StrList("clusterIPs", s.cluster_ips));
  if (s.cluster_ips.empty() && !s.cluster_ip.empty()) s.cluster_ips = {s.cluster_ip};
  if (s.cluster_ip.empty() && !s.cluster_ips.empty()) s.cluster_ip = s.cluster_ips[0];
  KI_RETURN_IF_ERROR(CheckIps(spec, "clusterIPs", s.cluster_ips));
  KI_RETURN_IF_ERROR(spec.StrList("externalIPs", s.external_ips));
  KI_RETURN_IF_ERROR(CheckIps(spec, "externalIPs", s.external_ips));
  std::vector<std::string> families;
  KI_RETURN_IF_ERROR(spec.StrList("ipFamilies", families));
  for (const std::string& fam : families) {
    if (fam != "IPv4" && fam != "IPv6") {
      return spec.Error("ipFamilies", "unknown family \"" + fam + "\" (want IPv4 or IPv6)");
    }
    s.ip_families.push_back(fam == "IPv4" ? IpFamily::kIPv4 : IpFamily::kIPv6);
  }
  return spec.StrList("loadBalancerSourceRanges", s.lb_source_ranges);
}

static Status DecodeAffinity(const Fields& spec, Service& s) {
  KI_RETURN_IF_ERROR(DecodeEnum<SessionAffinity>(
      spec, "sessionAffinity",
      {{"None", SessionAffinity::kNone}, {"ClientIP", SessionAffinity::kClientIP}},
      s.session_affinity));
  Result<Fields> cfg = spec.Map("sessionAffinityConfig");
  if (!cfg.ok()) return cfg.status();
  Result<Fields> cip = cfg->Map("clientIP");
  if (!cip.ok()) return cip.status();
  KI_RETURN_IF_ERROR(cip->Int("timeoutSeconds", s.affinity_timeout_seconds));
  if (s.affinity_timeout_seconds < 1 || s.affinity_timeout_seconds > 86400) {
    return cip->Error("timeoutSeconds", "must be within 1-86400");
  }
  return Status::Ok();
}

static Status DecodeIngress(const Fields& root, Service& s) {
  Result<Fields> status = root.Map("status");
  if (!status.ok()) return status.status();
  Result<Fields> lb = status->Map("loadBalancer");
  if (!lb.ok()) return lb.status();
  Result<std::vector<Fields>> ingress = lb->MapList("ingress");
  if (!ingress.ok()) return ingress.status();
  for (const Fields& in : *ingress) {
    LoadBalancerIngress li;
    KI_RETURN_IF_ERROR(in.Str("ip", li.ip));
    KI_RETURN_IF_ERROR(in.Str("hostname", li.hostname));
    KI_RETURN_IF_ERROR(in.Str("ipMode", li.ip_mode));
    if (!li.ip.empty() && !IsIpText(li.ip)) {
      return in.Error("ip", "\"" + li.ip + "\" is not an IP address");
    }
    s.lb_ingress.push_back(std::move(li));
  }
  return Status::Ok();
}

static Status DecodePolicies(const Fields& spec, Service& s) {
  const std::initializer_list<std::pair<const char*, TrafficPolicy>> kPolicies = {
      {"Cluster", TrafficPolicy::kCluster}, {"Local", TrafficPolicy::kLocal}};
  KI_RETURN_IF_ERROR(
      DecodeEnum(spec, "externalTrafficPolicy", kPolicies, s.external_traffic_policy));
  KI_RETURN_IF_ERROR(
      DecodeEnum(spec, "internalTrafficPolicy", kPolicies, s.internal_traffic_policy));
  KI_RETURN_IF_ERROR(spec.Int("healthCheckNodePort", s.health_check_node_port));
  return CheckPort(spec, "healthCheckNodePort", s.health_check_node_port, true);
}

Result<Service> DecodeService(const Fields& root) {
  Service s;
  KI_RETURN_IF_ERROR(DecodeMeta(root, s.meta));
  Result<Fields> spec = root.Map("spec");
  if (!spec.ok()) return spec.status();
  KI_RETURN_IF_ERROR(DecodeEnum<ServiceType>(*spec, "type",
                                             {{"ClusterIP", ServiceType::kClusterIP},
                                              {"NodePort", ServiceType::kNodePort},
                                              {"LoadBalancer", ServiceType::kLoadBalancer},
                                              {"ExternalName", ServiceType::kExternalName}},
                                             s.type));
  KI_RETURN_IF_ERROR(spec->Str("externalName", s.external_name));
  KI_RETURN_IF_ERROR(DecodeAddresses(*spec, s));
  KI_RETURN_IF_ERROR(DecodePorts(*spec, s.ports));
  KI_RETURN_IF_ERROR(DecodeAffinity(*spec, s));
  KI_RETURN_IF_ERROR(DecodePolicies(*spec, s));
  KI_RETURN_IF_ERROR(DecodeIngress(root, s));
  return s;
}

}  // namespace ki::k8s::internal
