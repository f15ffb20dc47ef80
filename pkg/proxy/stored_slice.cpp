#include "pkg/proxy/stored_slice.h"

namespace ki::proxy {

const std::string* SliceInterner::Name(const std::string& name) {
  if (name.empty()) return nullptr;
  return &*names_.insert(name).first;
}

const std::vector<std::string>* SliceInterner::Zones(const std::vector<std::string>& zones) {
  if (zones.empty()) return nullptr;
  return &*zones_.insert(zones).first;
}

StoredSlice StoreSlice(const k8s::EndpointSlice& slice, SliceInterner& interner) {
  StoredSlice out;
  out.service = slice.ServiceName();
  out.address_type = slice.address_type;
  out.ports = slice.ports;
  out.endpoints.reserve(slice.endpoints.size());
  for (const k8s::Endpoint& ep : slice.endpoints) {
    StoredEndpoint e;
    Result<ipvs::IpAddress> addr = ep.addresses.empty()
                                       ? Result<ipvs::IpAddress>(Status::InvalidConfig("none"))
                                       : ipvs::IpAddress::Parse(ep.addresses.front());
    if (addr.ok()) {
      e.addr = *addr;
    } else {
      e.addr.family = 0;
    }
    e.conditions = ep.conditions;
    e.node = interner.Name(ep.node_name);
    e.hint_zones = interner.Zones(ep.hint_zones);
    out.endpoints.push_back(e);
  }
  return out;
}

}  // namespace ki::proxy
