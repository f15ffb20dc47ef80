#include "pkg/netfilter/iptables.h"

#include <vector>

#include "pkg/netfilter/iptables_script.h"

namespace ki::netfilter {

Result<int> EnsureJumps(Iptables& iptables) {
  std::vector<JumpRule> missing;
  for (std::string_view table : {kNatTable, kFilterTable}) {
    Result<std::string> saved = iptables.Save(table);
    if (!saved.ok()) return saved.status();
    for (const JumpRule& j : MissingJumps(ParseIptablesSave(*saved, table))) missing.push_back(j);
  }
  if (missing.empty()) return 0;
  KI_RETURN_IF_ERROR(iptables.Restore(RenderInsertJumps(missing)));
  return static_cast<int>(missing.size());
}

}  // namespace ki::netfilter
