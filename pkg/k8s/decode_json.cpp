#include "pkg/k8s/decode_json.h"

#include "pkg/k8s/decode_objects.h"

namespace ki::k8s {

Result<Object> DecodeJsonObject(const nlohmann::json& object, const std::string& source) {
  if (!object.is_object()) return Status::InvalidConfig(source + ": expected a JSON object");
  return internal::DecodeOneObject(internal::Value(object), source);
}

}  // namespace ki::k8s
