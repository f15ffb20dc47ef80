#include "pkg/netfilter/testing/fake_ipset.h"

#include <sstream>
#include <utility>

#include "pkg/netfilter/ipset_entry.h"
#include "pkg/netfilter/text_lines.h"

namespace ki::netfilter::testing {
namespace {

std::vector<std::string> Words(std::string_view line) {
  std::istringstream in{std::string(line)};
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

std::string FamilyOption(const std::vector<std::string>& w) {
  for (size_t i = 3; i + 1 < w.size(); ++i) {
    if (w[i] == "family") return w[i + 1];
  }
  return "inet";
}

}  // namespace

Result<std::map<std::string, SavedSet>> FakeIpset::Save(const std::vector<std::string>& only) {
  ++save_calls_;
  if (only.empty()) return sets_;
  std::map<std::string, SavedSet> out;
  for (const std::string& name : only) {
    if (auto it = sets_.find(name); it != sets_.end()) out.insert(*it);
  }
  return out;
}

Status FakeIpset::Restore(std::string_view script) {
  ++restore_calls_;
  scripts_.emplace_back(script);
  if (!fail_next_.ok()) return std::exchange(fail_next_, Status::Ok());
  size_t line_no = 0;
  while (!script.empty()) {
    const std::string_view line = TakeLine(script);
    ++line_no;
    Status s = Line(line);
    if (!s.ok()) {
      return Status::Internal("ipset restore: Error in line " + std::to_string(line_no) + ": " +
                              s.message());
    }
  }
  return Status::Ok();
}

Status FakeIpset::Line(std::string_view line) {
  std::vector<std::string> w = Words(line);
  if (w.empty()) return Status::Ok();
  if (w.size() < 2) return Status::Internal("Syntax error: missing set name");
  const std::string& verb = w[0];
  const std::string& name = w[1];
  if (name.size() > kMaxSetName) {
    return Status::Internal("Syntax error: setname '" + name + "' is longer than 31 characters");
  }
  if (verb == "destroy") return DestroyOne(name);
  if (verb == "create") {
    if (w.size() < 3 || !ParseSetType(w[2])) return Status::Internal("Syntax error: set type");
    SavedSet want{w[2], w[2] == "bitmap:port" ? "" : FamilyOption(w), {}};
    auto [it, created] = sets_.try_emplace(name, want);
    if (!created && (it->second.type != want.type || it->second.family != want.family)) {
      return Status::Internal("Set cannot be created: set with the same name already exists");
    }
    return Status::Ok();
  }
  auto it = sets_.find(name);
  if (it == sets_.end()) return Status::Internal("The set with the given name does not exist");
  if (verb == "flush") {
    it->second.members.clear();
    return Status::Ok();
  }
  if ((verb != "add" && verb != "del") || w.size() != 3) return Status::Internal("Syntax error");
  Result<std::string> entry =
      CanonicalEntry(*ParseSetType(it->second.type), it->second.family == "inet6", w[2]);
  if (!entry.ok()) return Status::Internal("Syntax error: " + entry.status().message());
  if (verb == "add") {
    it->second.members.insert(*entry);
  } else {
    it->second.members.erase(*entry);
  }
  return Status::Ok();
}

Status FakeIpset::DestroyOne(const std::string& name) {
  if (!sets_.contains(name)) return Status::Internal("The set with the given name does not exist");
  if (references_ && references_(name) > 0) {
    return Status::Internal("Set cannot be destroyed: it is in use by a kernel component");
  }
  sets_.erase(name);
  return Status::Ok();
}

Status FakeIpset::Destroy(const std::vector<std::string>& sets) {
  for (const std::string& name : sets) {
    Status s = DestroyOne(name);
    if (!s.ok()) return s.Wrap("ipset destroy " + name);
  }
  return Status::Ok();
}

}  // namespace ki::netfilter::testing
