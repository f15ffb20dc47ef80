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

ApplyResult Apply(ipvs::Ipvs& ipvs, const Plan& plan, KernelTable& table,
                  const std::function<bool()>& stopped) {
  return Apply(ipvs, std::span<const ipvs::Op>(plan.ops), table, stopped);
}

void ApplyResult::Add(const ApplyResult& o) {
  applied += o.applied;
  failed += o.failed;
  if (first_error.ok()) first_error = o.first_error;
}

ApplyResult Apply(ipvs::Ipvs& ipvs, std::span<const ipvs::Op> ops, KernelTable& table,
                  const std::function<bool()>& stopped) {
  ApplyResult r;
  for (size_t begin = 0; begin < ops.size(); begin += kApplyBatch) {
    if (stopped && stopped()) {
      r.failed += ops.size() - begin;
      r.first_error = Status::Unavailable("stopped after " + std::to_string(begin) + " of " +
                                          std::to_string(ops.size()) + " operations");
      return r;
    }
    const std::span<const ipvs::Op> batch =
        ops.subspan(begin, std::min(kApplyBatch, ops.size() - begin));
    Result<ipvs::BatchResult> done = ipvs.Apply(batch);
    if (!done.ok()) {
      r.failed += batch.size();
      if (r.first_error.ok()) r.first_error = done.status().Wrap("apply IPVS plan");
      continue;
    }
    for (size_t i = 0; i < batch.size() && i < done->statuses.size(); ++i) {
      if (done->statuses[i].ok()) {
        table.Record(batch[i]);
        ++r.applied;
      }
    }
    r.failed += done->failed();
    if (r.first_error.ok()) r.first_error = done->FirstError().Wrap("apply IPVS plan");
  }
  return r;
}

}  // namespace ki::proxy
