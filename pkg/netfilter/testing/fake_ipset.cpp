#include "pkg/netfilter/testing/fake_ipset.h"

#include <utility>

#include "pkg/netfilter/ipset_entry.h"

namespace ki::netfilter::testing {
namespace {

SavedSet Saved(const SetSpec& s) {
  const bool bitmap = s.type == SetType::kBitmapPort;
  return SavedSet{std::string(SetTypeName(s.type)), bitmap ? "" : (s.ipv6 ? "inet6" : "inet"), {}};
}

// Keeps the first failure, as the netlink Ipset reports the first one.
void Note(Status& first, Status s) {
  if (first.ok() && !s.ok()) first = std::move(s);
}

}  // namespace

Result<std::map<std::string, SavedSet>> FakeIpset::List(const std::vector<std::string>& names) {
  ++list_calls_;
  if (names.empty()) return sets_;
  std::map<std::string, SavedSet> out;
  for (const std::string& name : names) {
    if (auto it = sets_.find(name); it != sets_.end()) out.insert(*it);
  }
  return out;
}

Status FakeIpset::Update(const std::vector<SetSpec>& create, const std::vector<SetDelta>& deltas) {
  ++update_calls_;
  last_create_ = create;
  last_deltas_ = deltas;
  if (!fail_next_.ok()) return std::exchange(fail_next_, Status::Ok());
  for (const SetDelta& d : deltas) {
    for (const auto* list : {&d.del, &d.add}) {
      for (const std::string& e : *list) {
        Result<EntryValue> v = ParseEntry(d.type, d.ipv6, e);
        if (!v.ok()) return v.status().Wrap("ipset set " + d.set);
      }
    }
  }
  Status first;
  for (const SetSpec& s : create) Note(first, Create(s));
  for (const SetDelta& d : deltas) Note(first, Apply(d));
  return first;
}

Status FakeIpset::Create(const SetSpec& spec) {
  const SavedSet want = Saved(spec);
  const std::string what = "ipset create " + spec.name + " " + want.type;
  if (spec.name.size() > kMaxSetName) {
    return Status::Internal(what + ": the name is longer than 31 characters");
  }
  auto [it, created] = sets_.try_emplace(spec.name, want);
  if (!created && (it->second.type != want.type || it->second.family != want.family)) {
    return Status::Internal(what +
                            ": Set cannot be created: set with the same name already exists");
  }
  return Status::Ok();
}

Status FakeIpset::Apply(const SetDelta& d) {
  auto it = sets_.find(d.set);
  if (it == sets_.end()) {
    return Status::Internal("ipset add " + d.set + ": The set with the given name does not exist");
  }
  SavedSet& set = it->second;
  SetSpec spec{d.set, d.type, d.ipv6, ""};
  if (Saved(spec).type != set.type || Saved(spec).family != set.family) {
    return Status::Internal("ipset add " + d.set + ": the set is " + set.type + " " + set.family);
  }
  for (const std::string& e : d.del) set.members.erase(*CanonicalEntry(d.type, d.ipv6, e));
  for (const std::string& e : d.add) set.members.insert(*CanonicalEntry(d.type, d.ipv6, e));
  return Status::Ok();
}

Status FakeIpset::DestroyOne(const std::string& name) {
  const std::string what = "ipset destroy " + name + ": ";
  if (!sets_.contains(name)) {
    return Status::Internal(what + "The set with the given name does not exist");
  }
  if (references_ && references_(name) > 0) {
    return Status::Internal(what + "Set cannot be destroyed: it is in use by a kernel component");
  }
  sets_.erase(name);
  return Status::Ok();
}

Status FakeIpset::Destroy(const std::vector<std::string>& names) {
  Status first;
  for (const std::string& name : names) Note(first, DestroyOne(name));
  return first;
}

}  // namespace ki::netfilter::testing
