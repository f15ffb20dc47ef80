#include "pkg/netfilter/cleanup.h"

#include "pkg/netfilter/proxy_sets.h"

namespace ki::netfilter {
namespace {

Status RemoveRules(Iptables& iptables, CleanupReport& report) {
  std::vector<SavedTable> tables;
  for (std::string_view table : {kNatTable, kFilterTable}) {
    Result<std::string> saved = iptables.Save(table);
    if (!saved.ok()) return saved.status();
    tables.push_back(ParseIptablesSave(*saved, table));
  }
  std::string text = RenderRemoval(tables, &report.tables);
  if (text.empty()) return Status::Ok();
  return iptables.Restore(text);
}

}  // namespace

Result<CleanupReport> CleanupNetfilter(const std::vector<Iptables*>& iptables, Ipset* ipset) {
  CleanupReport report;
  for (Iptables* ipt : iptables) {
    Status s = RemoveRules(*ipt, report);
    if (!s.ok()) return s.Wrap("remove the proxy's iptables rules");
  }
  if (ipset == nullptr) return report;
  Result<std::map<std::string, SavedSet>> present = ipset->List(AllProxySetNames());
  if (!present.ok()) return present.status().Wrap("list the proxy's ipsets");
  for (const auto& [name, set] : *present) report.sets.push_back(name);
  Status s = ipset->Destroy(report.sets);
  if (!s.ok()) return s.Wrap("destroy the proxy's ipsets");
  return report;
}

}  // namespace ki::netfilter
