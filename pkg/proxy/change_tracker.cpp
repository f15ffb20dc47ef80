#include "pkg/proxy/change_tracker.h"

#include <algorithm>

namespace ki::proxy {

void ChangeTracker::MarkDirty(EntryPtr e) {
  if (e->second.dirty) return;
  e->second.dirty = true;
  dirty_.push_back(e);
}

bool ChangeTracker::UpsertService(k8s::Service svc) {
  auto it = entries_.try_emplace(svc.meta.id).first;
  std::optional<k8s::Service>& have = it->second.service;
  if (have && *have == svc) return false;
  if (!have) ++service_count_;
  have = std::move(svc);
  MarkDirty(&*it);
  return true;
}

bool ChangeTracker::DeleteService(const k8s::ObjectName& name) {
  auto it = entries_.find(name);
  if (it == entries_.end() || !it->second.service) return false;
  it->second.service.reset();
  --service_count_;
  MarkDirty(&*it);
  return true;
}

void ChangeTracker::Unlink(const StoredSlice* slice, const k8s::ObjectName& service) {
  auto it = entries_.find(service);
  if (it == entries_.end()) return;
  std::erase(it->second.slices, slice);
  MarkDirty(&*it);
}

bool ChangeTracker::UpsertSlice(const k8s::EndpointSlice& decoded) {
  StoredSlice slice = StoreSlice(decoded, interner_);
  const k8s::ObjectName service = slice.service;
  auto [sit, inserted] = slices_.try_emplace(decoded.meta.id);
  const StoredSlice* stored = &sit->second;
  if (!inserted) {
    // Only what endpoint choice reads is compared: a change elsewhere in
    // the slice changes nothing the proxy programs.
    if (sit->second == slice) return false;
    const k8s::ObjectName old_service = sit->second.service;
    if (old_service != service) Unlink(stored, old_service);
    inserted = old_service != service;
  }
  sit->second = std::move(slice);
  auto eit = entries_.try_emplace(service).first;
  if (inserted) eit->second.slices.push_back(stored);
  MarkDirty(&*eit);
  return true;
}

bool ChangeTracker::DeleteSlice(const k8s::ObjectName& name) {
  auto it = slices_.find(name);
  if (it == slices_.end()) return false;
  Unlink(&it->second, it->second.service);
  slices_.erase(it);
  return true;
}

void ChangeTracker::MarkAllDirty() {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) MarkDirty(&*it);
}

const k8s::Service* ChangeTracker::FindService(const k8s::ObjectName& name) const {
  auto it = entries_.find(name);
  return it == entries_.end() || !it->second.service ? nullptr : &*it->second.service;
}

std::span<const StoredSlice* const> ChangeTracker::SlicesOf(const k8s::ObjectName& service) const {
  auto it = entries_.find(service);
  if (it == entries_.end()) return {};
  return it->second.slices;
}

}  // namespace ki::proxy
