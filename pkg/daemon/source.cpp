#include "pkg/daemon/source.h"

namespace ki::daemon {

ObjectKey KeyOf(const k8s::Object& object) {
  ObjectKey::Kind kind = std::holds_alternative<k8s::Service>(object) ? ObjectKey::Kind::kService
                         : std::holds_alternative<k8s::EndpointSlice>(object)
                             ? ObjectKey::Kind::kEndpointSlice
                             : ObjectKey::Kind::kNode;
  const k8s::ObjectName& name =
      std::visit([](const auto& x) -> const k8s::ObjectName& { return x.meta.id; }, object);
  return {kind, name};
}

}  // namespace ki::daemon
