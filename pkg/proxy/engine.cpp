#include "pkg/proxy/engine.h"

namespace ki::proxy {

bool Engine::SetNode(const k8s::Node& node) {
  if (!opts_.hostname.empty() && node.meta.id.name != opts_.hostname) return false;
  NodeView view{node.Zone()};
  if (view.zone == node_.zone) return false;
  node_ = std::move(view);
  tracker_.MarkAllDirty();
  return true;
}

void Engine::SetOptions(ProxyOptions opts) {
  opts_ = std::move(opts);
  tracker_.MarkAllDirty();
}

ChangeSet Engine::BuildDesired() {
  ChangeSet changed;
  // A first build or a node change dirties everything: size the maps once.
  if (tracker_.dirty_count() > desired_.service_count()) desired_.Reserve(tracker_.dirty_count());
  changed.keys.reserve(2 * tracker_.dirty_count());
  tracker_.DrainDirty([&](const k8s::ObjectName& name, const k8s::Service* svc,
                          std::span<const StoredSlice* const> slices) {
    ServiceState state;
    if (svc != nullptr) state = BuildServiceState(*svc, slices, node_, opts_);
    desired_.Set(name, std::move(state), changed);
  });
  return changed;
}

}  // namespace ki::proxy
