#include "pkg/k8s/decode_json.h"

#include <yaml-cpp/yaml.h>

#include "pkg/k8s/decode_objects.h"

namespace ki::k8s {
namespace {

// JSON scalars become plain YAML scalars with their JSON text, which is how
// the field readers see them in a manifest: 80, true, "web".
YAML::Node ToYaml(const nlohmann::json& j, bool in_metadata) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      YAML::Node map(YAML::NodeType::Map);
      for (const auto& [key, value] : j.items()) {
        if (in_metadata && key == "managedFields") continue;
        map[key] = ToYaml(value, key == "metadata");
      }
      return map;
    }
    case nlohmann::json::value_t::array: {
      YAML::Node seq(YAML::NodeType::Sequence);
      for (const auto& value : j) seq.push_back(ToYaml(value, false));
      return seq;
    }
    case nlohmann::json::value_t::null:
      return YAML::Node(YAML::NodeType::Null);
    case nlohmann::json::value_t::string:
      return YAML::Node(j.get_ref<const std::string&>());
    default:
      return YAML::Node(j.dump());
  }
}

}  // namespace

Result<Object> DecodeJsonObject(const nlohmann::json& object, const std::string& source) {
  if (!object.is_object()) return Status::InvalidConfig(source + ": expected a JSON object");
  try {
    return internal::DecodeYamlObject(ToYaml(object, false), source);
  } catch (const YAML::Exception& e) {
    return Status::InvalidConfig(source + ": " + e.msg);
  }
}

}  // namespace ki::k8s
