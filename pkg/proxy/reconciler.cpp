#include "pkg/proxy/reconciler.h"

namespace ki::proxy {

Result<KernelTable> Observe(ipvs::Ipvs& ipvs) {
  Result<std::vector<ipvs::Service>> services = ipvs.ListServices();
  if (!services.ok()) return services.status().Wrap("observe IPVS services");
  KernelTable table;
  for (const ipvs::Service& s : *services) {
    if (s.key.fwmark != 0) continue;
    Result<std::vector<ipvs::Destination>> dests = ipvs.ListDestinations(s.key);
    if (!dests.ok()) {
      // Deleted by someone between the two dumps: it simply is not there.
      if (dests.status().code() == Code::kNotFound) continue;
      return dests.status().Wrap("observe destinations of " + s.key.ToString());
    }
    table.Put(s, *dests);
  }
  return table;
}

Status Refresh(ipvs::Ipvs& ipvs, std::span<const ipvs::ServiceKey> keys, KernelTable& table) {
  for (const ipvs::ServiceKey& k : keys) {
    Result<ipvs::Service> s = ipvs.GetService(k);
    if (!s.ok() && s.status().code() == Code::kNotFound) {
      table.Erase(k);
      continue;
    }
    if (!s.ok()) return s.status().Wrap("refresh " + k.ToString());
    Result<std::vector<ipvs::Destination>> dests = ipvs.ListDestinations(k);
    if (!dests.ok()) return dests.status().Wrap("refresh destinations of " + k.ToString());
    table.Put(*s, *dests);
  }
  return Status::Ok();
}

ApplyResult Apply(ipvs::Ipvs& ipvs, const Plan& plan, KernelTable& table) {
  ApplyResult r;
  if (plan.ops.empty()) return r;
  Result<ipvs::BatchResult> batch = ipvs.Apply(plan.ops);
  if (!batch.ok()) {
    r.failed = plan.ops.size();
    r.first_error = batch.status().Wrap("apply IPVS plan");
    return r;
  }
  for (size_t i = 0; i < plan.ops.size() && i < batch->statuses.size(); ++i) {
    if (batch->statuses[i].ok()) {
      table.Record(plan.ops[i]);
      ++r.applied;
    }
  }
  r.failed = batch->failed();
  r.first_error = batch->FirstError().Wrap("apply IPVS plan");
  return r;
}

}  // namespace ki::proxy
