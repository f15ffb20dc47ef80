#include "pkg/netfilter/iptables.h"

#include <vector>

#include "pkg/netfilter/iptables_script.h"

namespace ki::netfilter {

Result<std::vector<SavedTable>> SaveProxyTables(Iptables& iptables) {
  std::vector<SavedTable> tables;
  for (std::string_view table : {kNatTable, kFilterTable}) {
    Result<std::string> saved = iptables.Save(table);
    if (!saved.ok()) return saved.status();
    tables.push_back(ParseIptablesSave(*saved, table));
  }
  return tables;
}

Result<int> EnsureJumps(Iptables& iptables, const std::vector<SavedTable>& saved) {
  std::vector<JumpRule> missing;
  for (const SavedTable& table : saved) {
    for (const JumpRule& j : MissingJumps(table)) missing.push_back(j);
  }
  if (missing.empty()) return 0;
  KI_RETURN_IF_ERROR(iptables.Restore(RenderInsertJumps(missing)));
  return static_cast<int>(missing.size());
}

Result<int> EnsureJumps(Iptables& iptables) {
  Result<std::vector<SavedTable>> saved = SaveProxyTables(iptables);
  if (!saved.ok()) return saved.status();
  return EnsureJumps(iptables, *saved);
}

}  // namespace ki::netfilter
