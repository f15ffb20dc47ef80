#include "pkg/netfilter/iptables_script.h"

#include <algorithm>
#include <set>

#include "pkg/netfilter/text_lines.h"

namespace ki::netfilter {
namespace {

bool Contains(const std::vector<std::string_view>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Splits a rule into words; a double-quoted word keeps its spaces (and \" ).
std::vector<std::string> Words(std::string_view rule) {
  std::vector<std::string> words;
  std::string word;
  bool quoted = false;
  bool in_word = false;
  for (size_t i = 0; i < rule.size(); ++i) {
    char c = rule[i];
    if (quoted && c == '\\' && i + 1 < rule.size()) {
      word += rule[++i];
    } else if (c == '"') {
      quoted = !quoted;
      in_word = true;
    } else if (c == ' ' && !quoted) {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

// The chain of "-A CHAIN ..." and its -j/-g target ("" when none).
void ChainAndTarget(const std::string& rule, std::string& chain, std::string& target) {
  std::vector<std::string> w = Words(rule);
  chain = w.size() > 1 ? w[1] : "";
  target.clear();
  for (size_t i = 2; i + 1 < w.size(); ++i) {
    if (w[i] == "-j" || w[i] == "-g") target = w[i + 1];
  }
}

// One table's part of RenderRemoval.
std::string RemoveFromTable(const SavedTable& saved, Removal& r) {
  r.table = saved.table;
  const std::vector<std::string_view> ours = ProxyChains(saved.table);
  std::set<std::string> jumps;
  for (const JumpRule& j : ProxyJumps()) {
    if (j.table == saved.table) jumps.insert(SavedRuleText(j));
  }
  std::string text;
  std::set<std::string> referenced;
  for (const std::string& rule : saved.rules) {
    std::string chain, target;
    ChainAndTarget(rule, chain, target);
    if (Contains(ours, chain)) continue;
    if (jumps.contains(rule)) {
      text += "-D" + rule.substr(2) + "\n";
      ++r.jumps;
    } else if (Contains(ours, target)) {
      referenced.insert(target);
    }
  }
  std::string deletes;
  for (std::string_view chain : ours) {
    if (std::find(saved.chains.begin(), saved.chains.end(), chain) == saved.chains.end()) continue;
    text += "-F " + std::string(chain) + "\n";
    if (referenced.contains(std::string(chain))) {
      r.kept.emplace_back(chain);
    } else {
      deletes += "-X " + std::string(chain) + "\n";
      r.chains.emplace_back(chain);
    }
  }
  if (text.empty()) return "";
  return "*" + saved.table + "\n" + text + deletes + "COMMIT\n";
}

}  // namespace

SavedTable ParseIptablesSave(std::string_view text, std::string_view table) {
  SavedTable saved{std::string(table), {}, {}};
  bool inside = false;
  while (!text.empty()) {
    const std::string_view line = TakeLine(text);
    if (line.starts_with("*")) {
      inside = line.substr(1) == table;
      continue;
    }
    if (!inside) continue;
    if (line == "COMMIT") {
      inside = false;
    } else if (line.starts_with(":")) {
      saved.chains.emplace_back(line.substr(1, line.find(' ') - 1));
    } else if (line.starts_with("-A ")) {
      saved.rules.emplace_back(line);
    }
  }
  return saved;
}

std::vector<JumpRule> MissingJumps(const SavedTable& saved) {
  std::vector<JumpRule> missing;
  for (const JumpRule& j : ProxyJumps()) {
    if (j.table != saved.table) continue;
    if (std::find(saved.rules.begin(), saved.rules.end(), SavedRuleText(j)) == saved.rules.end()) {
      missing.push_back(j);
    }
  }
  return missing;
}

std::string RenderInsertJumps(const std::vector<JumpRule>& jumps) {
  std::string out;
  for (std::string_view table : {kNatTable, kFilterTable}) {
    std::string lines;
    for (const JumpRule& j : jumps) {
      if (j.table != table) continue;
      lines += "-I " + std::string(j.from) + " 1 -m comment --comment \"" + std::string(j.comment) +
               "\" -j " + std::string(j.to) + "\n";
    }
    if (!lines.empty()) out += "*" + std::string(table) + "\n" + lines + "COMMIT\n";
  }
  return out;
}

std::string RenderRemoval(const std::vector<SavedTable>& tables, std::vector<Removal>* report) {
  std::string out;
  for (const SavedTable& t : tables) {
    Removal r;
    out += RemoveFromTable(t, r);
    if (report != nullptr) report->push_back(std::move(r));
  }
  return out;
}

}  // namespace ki::netfilter
