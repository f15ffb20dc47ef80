// An in-memory ObjectApplier: objects by "Kind ns/name", the order they were
// applied in, and a failure to return for one object. For the init phases'
// tests. Not thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "pkg/k8s/client/apply.h"

namespace ki::k8s::client::testing {

class FakeApplier final : public ObjectApplier {
 public:
  Result<ApplyAction> CreateOrUpdate(const nlohmann::json& object) override {
    Result<ObjectRef> ref = RefOf(object);
    if (!ref.ok()) return ref.status();
    const std::string key = Describe(*ref);
    if (auto it = fail_.find(key); it != fail_.end()) return it->second;
    applied.push_back(key);
    const bool existed = objects.count(key) != 0;
    objects[key] = object;
    return existed ? ApplyAction::kUpdated : ApplyAction::kCreated;
  }
  std::string Server() const override { return "https://fake-apiserver:6443"; }

  // CreateOrUpdate of the object described as key ("DaemonSet
  // kube-system/kube-proxy") returns status, and stores nothing.
  void FailOn(const std::string& key, Status status) { fail_[key] = std::move(status); }

  std::map<std::string, nlohmann::json> objects;  // key -> last object applied
  std::vector<std::string> applied;               // keys, in order

 private:
  std::map<std::string, Status> fail_;
};

}  // namespace ki::k8s::client::testing
