#include "pkg/daemon/netfilter_sync.h"

#include <algorithm>
#include <utility>

#include "pkg/netfilter/iptables_chains.h"
#include "pkg/netfilter/iptables_script.h"
#include "pkg/netfilter/proxy_sets.h"
#include "pkg/proxy/stale_flows.h"

namespace ki::daemon {

NetfilterSync::NetfilterSync(NetfilterKernel kernel, netfilter::RuleOptions rules)
    : kernel_(kernel) {
  for (bool ipv6 : {false, true}) {
    for (netfilter::SetSpec& spec : netfilter::ProxySets(ipv6)) sets_.push_back(std::move(spec));
  }
  rules.ipv6 = false;
  families_.push_back({kernel.iptables, rules, {}, {}});
  if (kernel.ip6tables != nullptr) {
    rules.ipv6 = true;
    families_.push_back({kernel.ip6tables, rules, {}, {}});
  }
}

const netfilter::SetSpec* NetfilterSync::FindSet(const std::string& name) const {
  for (const netfilter::SetSpec& s : sets_) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

namespace {

// A set of the proxy's name must have the proxy's type and family: entries
// are sent in the binary form of that type.
Status CheckSet(const netfilter::SetSpec& spec, const netfilter::SavedSet& found) {
  const std::string type(netfilter::SetTypeName(spec.type));
  const std::string family =
      spec.type == netfilter::SetType::kBitmapPort ? "" : (spec.ipv6 ? "inet6" : "inet");
  if (found.type == type && found.family == family) return Status::Ok();
  const auto words = [](const std::string& t, const std::string& f) {
    return f.empty() ? t : t + " family " + f;
  };
  return Status::Internal("ipset " + spec.name + " is " + words(found.type, found.family) +
                          ", the proxy's is " + words(type, family) + ": destroy it (ipset " +
                          "destroy " + spec.name + ", after the iptables rules that match it)");
}

}  // namespace

Result<std::vector<netfilter::SetSpec>> NetfilterSync::ReadSets() {
  Result<std::map<std::string, netfilter::SavedSet>> listed =
      kernel_.ipset->List(netfilter::AllProxySetNames());
  if (!listed.ok()) return listed.status().Wrap("read the proxy's ipsets");
  table_.Clear();
  std::vector<netfilter::SetSpec> missing;
  for (const netfilter::SetSpec& spec : sets_) {
    auto it = listed->find(spec.name);
    if (it == listed->end()) {
      missing.push_back(spec);
      continue;
    }
    KI_RETURN_IF_ERROR(CheckSet(spec, it->second).Wrap("read the proxy's ipsets"));
    table_.Reset(spec.name, it->second.members);
  }
  sets_known_ = true;
  return missing;
}

Status NetfilterSync::SyncSets(const proxy::DesiredState& desired,
                               std::span<const proxy::SetEntry> changed, bool full,
                               NetfilterStats& stats) {
  std::vector<netfilter::SetSpec> create;
  // Just listed by SyncRulesEarly: a second listing would find the same.
  const bool fresh = std::exchange(sets_fresh_, false) && sets_known_;
  const bool reread = (full && !fresh) || !sets_known_;
  if (reread) {
    Result<std::vector<netfilter::SetSpec>> missing = ReadSets();
    if (!missing.ok()) return missing.status();
    create = std::move(missing).value();
  }
  // The early listing is compared in full, as one made here would be.
  const proxy::SetPlan plan = reread || fresh ? proxy::PlanSetsFull(desired, table_)
                                              : proxy::PlanSetChanges(desired, table_, changed);
  if (plan.empty() && create.empty()) return Status::Ok();
  std::vector<netfilter::SetDelta> deltas;
  for (const auto& [name, c] : plan.by_set) {
    const netfilter::SetSpec* spec = FindSet(name);
    if (spec == nullptr) return Status::Internal("ipset " + name + " is not one of the proxy's");
    deltas.push_back({name, c.add, c.del, spec->type, spec->ipv6});
  }
  Status st = kernel_.ipset->Update(create, deltas);
  ++stats.ipset_restores;
  if (!st.ok()) {
    sets_known_ = false;  // partly applied: read them again next time
    return st.Wrap("update the proxy's ipsets");
  }
  table_.Apply(plan);
  stats.set_entries_changed += plan.size();
  return Status::Ok();
}

std::vector<std::string> NetfilterSync::Fingerprint(
    const std::vector<netfilter::SavedTable>& saved) {
  std::vector<std::string> lines;
  for (const netfilter::SavedTable& t : saved) {
    const std::vector<std::string_view> ours = netfilter::ProxyChains(t.table);
    for (const std::string& chain : t.chains) {
      if (std::find(ours.begin(), ours.end(), chain) != ours.end()) {
        lines.push_back(t.table + " :" + chain);
      }
    }
    for (const std::string& rule : t.rules) {
      for (std::string_view chain : ours) {
        if (rule.starts_with("-A " + std::string(chain) + " "))
          lines.push_back(t.table + " " + rule);
      }
    }
  }
  return lines;
}

Status NetfilterSync::SyncRules(Family& f, bool full, NetfilterStats& stats) {
  Result<std::string> text = netfilter::RenderProxyRules(f.options);
  if (!text.ok()) return text.status();
  const bool changed = *text != f.applied;
  if (!changed && !full) return Status::Ok();
  // Nothing committed since the last check left the rules as they were: no
  // process reads them again. (Another writer's unrelated change also moves
  // the generation; that costs one read.)
  if (!changed && f.checked) {
    Result<uint64_t> gen = f.iptables->Generation();
    if (gen.ok() && *gen == *f.checked) return Status::Ok();
  }
  f.checked.reset();
  const auto restore = [&]() -> Status {
    f.applied.clear();
    KI_RETURN_IF_ERROR(f.iptables->Restore(*text).Wrap("restore the proxy's iptables rules"));
    ++stats.iptables_restores;
    f.applied = *text;
    return Status::Ok();
  };
  if (changed) KI_RETURN_IF_ERROR(restore());
  // The generation is read before the rules: a change after it shows as a
  // new generation at the next check.
  Result<uint64_t> gen = f.iptables->Generation();
  // One read of both tables serves the drift check and the jumps.
  Result<std::vector<netfilter::SavedTable>> saved = netfilter::SaveProxyTables(*f.iptables);
  if (!saved.ok()) return saved.status().Wrap("read the proxy's iptables rules");
  ++stats.iptables_reads;
  std::vector<std::string> now = Fingerprint(*saved);
  if (!changed && now != f.fingerprint) {  // changed behind the proxy's back
    KI_RETURN_IF_ERROR(restore());
    gen = f.iptables->Generation();
    saved = netfilter::SaveProxyTables(*f.iptables);
    if (!saved.ok()) return saved.status().Wrap("read the proxy's iptables rules");
    ++stats.iptables_reads;
    now = Fingerprint(*saved);
  }
  f.fingerprint = std::move(now);
  Result<int> inserted = netfilter::EnsureJumps(*f.iptables, *saved);
  if (!inserted.ok()) return inserted.status().Wrap("hook the proxy's chains");
  stats.jumps_inserted += *inserted;
  // Jumps just inserted moved the generation past `gen`: the next full sync
  // reads the rules once more and records the generation then.
  if (gen.ok() && *inserted == 0) f.checked = *gen;
  return Status::Ok();
}

void NetfilterSync::SetRuleOptions(const netfilter::RuleOptions& rules) {
  for (Family& f : families_) {
    std::vector<netfilter::LbNoNodeAccess> blocked = std::move(f.options.lb_no_node_access);
    const bool ipv6 = f.options.ipv6;
    f.options = rules;
    f.options.ipv6 = ipv6;
    f.options.lb_no_node_access = std::move(blocked);
  }
}

void NetfilterSync::SetNodeBlocked(const proxy::DesiredState& desired) {
  for (Family& f : families_) f.options.lb_no_node_access.clear();
  desired.ForEachNodeBlocked([&](const proxy::NodeBlockedVip& v) {
    const bool ipv6 = v.addr.family == ipvs::kAfInet6;
    for (Family& f : families_) {
      if (f.options.ipv6 != ipv6) continue;
      f.options.lb_no_node_access.push_back(
          {v.addr.ToString(), proxy::ProtocolText(v.protocol), v.port});
    }
  });
}

bool NetfilterSync::RulesPending() const {
  return std::ranges::any_of(families_, [](const Family& f) { return f.applied.empty(); });
}

Result<NetfilterStats> NetfilterSync::SyncRulesEarly() {
  using Clock = std::chrono::steady_clock;
  NetfilterStats stats;
  auto start = Clock::now();
  Result<std::vector<netfilter::SetSpec>> missing = ReadSets();
  if (!missing.ok()) return missing.status();
  if (!missing->empty()) {
    Status st = kernel_.ipset->Update(*missing, {});
    ++stats.ipset_restores;
    if (!st.ok()) {
      sets_known_ = false;
      return st.Wrap("create the proxy's ipsets");
    }
    for (const netfilter::SetSpec& spec : *missing) table_.Reset(spec.name, {});
  }
  sets_fresh_ = true;
  stats.ipset_time = Clock::now() - start;
  start = Clock::now();
  for (Family& f : families_) KI_RETURN_IF_ERROR(SyncRules(f, true, stats));
  stats.iptables_time = Clock::now() - start;
  return stats;
}

void NetfilterStats::Add(const NetfilterStats& o) {
  set_entries_changed += o.set_entries_changed;
  ipset_restores += o.ipset_restores;
  iptables_restores += o.iptables_restores;
  iptables_reads += o.iptables_reads;
  jumps_inserted += o.jumps_inserted;
  ipset_time += o.ipset_time;
  iptables_time += o.iptables_time;
}

Result<NetfilterStats> NetfilterSync::Sync(const proxy::DesiredState& desired,
                                           const proxy::ChangeSet& changed, bool full) {
  using Clock = std::chrono::steady_clock;
  NetfilterStats stats;
  auto start = Clock::now();
  KI_RETURN_IF_ERROR(SyncSets(desired, changed.set_entries, full, stats));
  // Only a change re-reads them; the rules text then differs and is restored.
  if (changed.node_blocked || full) SetNodeBlocked(desired);
  stats.ipset_time = Clock::now() - start;
  start = Clock::now();
  for (Family& f : families_) KI_RETURN_IF_ERROR(SyncRules(f, full, stats));
  stats.iptables_time = Clock::now() - start;
  return stats;
}

Result<int> NetfilterSync::DeleteStaleFlows(const proxy::Plan& applied) {
  if (kernel_.conntrack == nullptr) return 0;
  std::vector<netfilter::UdpFlow> flows;
  for (const proxy::StaleUdpFlow& f : proxy::StaleUdpFlows(applied)) {
    flows.push_back({f.vip.ToString(), f.port,
                     f.backend ? std::optional<std::string>(f.backend->ToString()) : std::nullopt});
  }
  if (flows.empty()) return 0;
  return kernel_.conntrack->DeleteUdpFlows(flows);
}

}  // namespace ki::daemon
