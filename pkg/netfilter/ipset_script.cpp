#include "pkg/netfilter/ipset_script.h"

#include "pkg/netfilter/text_lines.h"

namespace ki::netfilter {
namespace {

void AppendCreate(std::string& out, const SetSpec& s) {
  out += "create ";
  out += s.name;
  out += ' ';
  out += SetTypeName(s.type);
  if (s.type == SetType::kBitmapPort) {
    out += " range 0-65535\n";
  } else {
    out += s.ipv6 ? " family inet6" : " family inet";
    out += " hashsize 1024 maxelem 65536\n";
  }
}

void AppendEntries(std::string& out, std::string_view verb, const std::string& set,
                   const std::vector<std::string>& entries) {
  for (const std::string& e : entries) {
    out += verb;
    out += set;
    out += ' ';
    out += e;
    out += '\n';
  }
}

// Splits off the next space-separated word of line.
std::string_view Word(std::string_view& line) { return SplitOff(line, ' '); }

// "family inet hashsize 1024 ..." -> "inet"; "" when there is no family.
std::string FamilyOf(std::string_view options) {
  while (!options.empty()) {
    if (Word(options) == "family") return std::string(Word(options));
  }
  return "";
}

}  // namespace

std::string RenderIpsetRestore(const std::vector<SetSpec>& create,
                               const std::vector<SetDelta>& deltas) {
  std::string out;
  for (const SetSpec& s : create) AppendCreate(out, s);
  for (const SetDelta& d : deltas) {
    AppendEntries(out, "del ", d.set, d.del);
    AppendEntries(out, "add ", d.set, d.add);
  }
  return out;
}

Result<std::map<std::string, SavedSet>> ParseIpsetSave(std::string_view text,
                                                       const std::set<std::string>& only) {
  std::map<std::string, SavedSet> sets;
  size_t line_no = 0;
  while (!text.empty()) {
    const std::string_view line = TakeLine(text);
    ++line_no;
    if (line.empty()) continue;
    std::string_view rest = line;
    std::string_view verb = Word(rest);
    std::string name(Word(rest));
    if ((verb != "create" && verb != "add") || name.empty()) {
      return Status::Internal("ipset save output line " + std::to_string(line_no) +
                              ": unexpected \"" + std::string(line) + "\"");
    }
    if (!only.empty() && !only.contains(name)) continue;
    if (verb == "create") {
      SavedSet& s = sets[name];
      s.type = std::string(Word(rest));
      s.family = FamilyOf(rest);
    } else {
      sets[name].members.emplace(rest);
    }
  }
  return sets;
}

}  // namespace ki::netfilter
