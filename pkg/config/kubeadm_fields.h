// Reading a kubeadm document by the field table of its apiVersion and kind
// (field_table.h): only the fields that version had, null as upstream read
// it, fields with no place in the model still held to their Go type, and a
// field of another version or kind named as such. Not thread-safe.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/config/field_table.h"
#include "pkg/config/kubeadm_decode.h"
#include "pkg/config/node_reader.h"

namespace ki::config {

// "a" + "b" -> "a.b"; "" + "b" -> "b".
std::string Join(std::string_view prefix, std::string_view key);

// The name of path's field directly below parent ("" = the top), or "".
std::string_view ChildName(std::string_view path, std::string_view parent);

// The upstream fields of one document's apiVersion and kind.
class Schema {
 public:
  Schema(KubeadmVersion v, std::string_view kind);
  const TypeTable* table() const { return table_; }
  // The row at path ("etcd.local.dataDir"), or nullptr.
  const FieldSpec* Find(std::string_view path) const;

 private:
  const TypeTable* table_ = nullptr;
};

class Fields {
 public:
  Fields(MapReader& m, const Schema& s, std::string path, const YAML::Node& node = YAML::Node())
      : m_(m), s_(s), path_(std::move(path)), node_(node) {}

  MapReader& reader() { return m_; }
  DecodeContext& ctx() { return m_.ctx(); }
  const Schema& schema() const { return s_; }
  const std::string& path() const { return path_; }
  // The mapping itself (undefined for a whole document).
  const YAML::Node& node() const { return node_; }

  const FieldSpec* Spec(std::string_view key) const { return s_.Find(Join(path_, key)); }
  bool Present(std::string_view key) const { return Spec(key) != nullptr && m_.Has(key); }

  // Decodes key into out when this version has it; canonical as MapReader::Read.
  template <typename T>
  bool Read(std::string_view key, T& out, std::string_view canonical = {}) {
    const FieldSpec* spec = Spec(key);
    if (spec == nullptr) return false;
    return spec->pointer ? m_.ReadNullable(key, out, canonical) : m_.Read(key, out, canonical);
  }

  // extraArgs and kubeletExtraArgs: a mapping before v1beta4, a list of
  // {name, value} in v1beta4 (Go refuses the other shape in each).
  void Args(std::string_view key, ArgList& out, std::string_view canonical = {});

  // A field with no place in the model: decoded as upstream would (so a
  // wrong shape is still an error), then said in a notice unless it holds
  // nothing. Returns the value (undefined when absent).
  YAML::Node Uncarried(std::string_view key, std::string_view why);

  // The object at key, read by body; nothing when absent or null (a nil
  // pointer, or no effect on a struct).
  void Object(std::string_view key, const std::function<void(Fields&)>& body,
              std::string_view canonical = {});

  // Every item of the list of objects at key. False when absent or null
  // (a nil slice).
  bool Items(std::string_view key, const std::function<void(Fields&)>& body,
             std::string_view canonical = {});

  // Keys that are fields of another kubeadm version or kind but not of this
  // one: kubeadm ignores them (with a warning since v1.15); say whose they are.
  void NameOtherVersionsFields();

  void Finish();

 private:
  MapReader& m_;
  const Schema& s_;
  std::string path_;
  YAML::Node node_;
};

// Every field of the object f reads, checked by its table and dropped: for
// an object with no place in the model.
void DecodeObjectByTable(Fields& f);

// Decodes n as the type of spec and drops it: a field kubeadm-ipvs does not
// carry is still held to the shape Go's decoder required.
bool CheckValue(DecodeContext& ctx, const Schema& s, const YAML::Node& n,
                const std::string& written, const FieldSpec& spec);

}  // namespace ki::config
