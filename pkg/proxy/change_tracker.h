// Change tracking (the engine's input side): the current Services and
// EndpointSlices, grouped per Service, and which Services' inputs changed since
// the last build. An update equal to what is stored is dropped, so re-lists and
// no-op watch events cost nothing downstream. The previous state lives in
// DesiredState, so a build compares old and new output rather than objects.
// Everything about one Service sits in one entry, so a build touches one hash
// slot per dirty Service however large the cluster. Not thread-safe.
#pragma once

#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "pkg/k8s/objects.h"
#include "pkg/proxy/keys.h"
#include "pkg/proxy/stored_slice.h"

namespace ki::proxy {

class ChangeTracker {
 public:
  ChangeTracker() = default;
  ChangeTracker(const ChangeTracker&) = delete;
  ChangeTracker& operator=(const ChangeTracker&) = delete;

  // Each returns true when the object differed from what was stored.
  bool UpsertService(k8s::Service svc);
  bool DeleteService(const k8s::ObjectName& name);
  bool UpsertSlice(const k8s::EndpointSlice& slice);
  bool DeleteSlice(const k8s::ObjectName& name);
  // Marks every Service dirty (node or options changed).
  void MarkAllDirty();

  bool HasDirty() const { return !dirty_.empty(); }
  size_t dirty_count() const { return dirty_.size(); }
  // Calls f(name, service or null when deleted, its slices) once per dirty
  // Service, in the order they became dirty, and clears the dirty set.
  template <typename F>
  void DrainDirty(F&& f);

  const k8s::Service* FindService(const k8s::ObjectName& name) const;
  // The slices labeled for the Service (possibly before the Service exists).
  std::span<const StoredSlice* const> SlicesOf(const k8s::ObjectName& service) const;
  size_t service_count() const { return service_count_; }
  size_t slice_count() const { return slices_.size(); }

 private:
  struct Entry {
    std::optional<k8s::Service> service;
    std::vector<const StoredSlice*> slices;  // into slices_ (node-stable)
    bool dirty = false;
  };
  using Entries = std::unordered_map<k8s::ObjectName, Entry, KeyHash>;
  // Element pointers survive rehashing (iterators would not).
  using EntryPtr = Entries::value_type*;

  void MarkDirty(EntryPtr e);
  void Unlink(const StoredSlice* slice, const k8s::ObjectName& service);

  Entries entries_;
  std::unordered_map<k8s::ObjectName, StoredSlice, KeyHash> slices_;
  SliceInterner interner_;
  std::vector<EntryPtr> dirty_;  // entries are erased only while draining
  size_t service_count_ = 0;
};

template <typename F>
void ChangeTracker::DrainDirty(F&& f) {
  std::vector<EntryPtr> dirty;
  dirty.swap(dirty_);
  for (EntryPtr p : dirty) {
    Entry& e = p->second;
    e.dirty = false;
    f(p->first, e.service ? &*e.service : nullptr, std::span<const StoredSlice* const>(e.slices));
  }
  for (EntryPtr p : dirty) {
    if (!p->second.service && p->second.slices.empty()) entries_.erase(p->first);
  }
}

}  // namespace ki::proxy
