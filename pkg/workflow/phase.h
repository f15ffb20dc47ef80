// The init workflow's phases as data, in the spirit of kubeadm's workflow
// runner: a phase has a name, help, children, an optional run and an optional
// run-if. The Runner owns the generic work: "parent/child" names, skipping,
// running one phase (and its children), and wrapping errors as
// "error execution phase <name>: <cause>". Not thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "pkg/base/status.h"

namespace ki::workflow {

template <typename Data>
struct Phase {
  std::string name;  // lowercase, no '/'
  std::string help;
  std::vector<Phase> children;
  std::function<Status(Data&)> run;         // empty for a pure parent
  std::function<bool(const Data&)> run_if;  // empty = always
};

// A phase's place in the tree: "addon/kube-proxy", with its help.
struct PhaseName {
  std::string full_name;
  std::string help;
  int depth = 0;
};

// Lowercases and trims a user-given phase name.
std::string NormalizePhaseName(const std::string& name);

// Checks names against the known ones; the error names the valid ones.
Status CheckPhaseNames(const std::vector<std::string>& names, const std::vector<PhaseName>& known);

template <typename Data>
class Runner {
 public:
  explicit Runner(std::vector<Phase<Data>> phases) : phases_(std::move(phases)) {}

  const std::vector<Phase<Data>>& phases() const { return phases_; }

  std::vector<PhaseName> Names() const {
    std::vector<PhaseName> out;
    for (const Phase<Data>& p : phases_) Collect(p, "", 0, out);
    return out;
  }

  // --skip-phases: a skipped parent skips its children.
  Status SetSkipped(std::vector<std::string> names) {
    for (std::string& n : names) n = NormalizePhaseName(n);
    KI_RETURN_IF_ERROR(CheckPhaseNames(names, Names()));
    skipped_ = std::move(names);
    return Status::Ok();
  }

  // Runs every phase in order, or only `only` ("addon/kube-proxy") and its
  // children when given.
  Status Run(Data& data, const std::string& only = "") const {
    std::string filter = NormalizePhaseName(only);
    if (!filter.empty()) KI_RETURN_IF_ERROR(CheckPhaseNames({filter}, Names()));
    for (const Phase<Data>& p : phases_) KI_RETURN_IF_ERROR(RunPhase(p, "", filter, data));
    return Status::Ok();
  }

 private:
  static void Collect(const Phase<Data>& p, const std::string& parent, int depth,
                      std::vector<PhaseName>& out) {
    std::string full = parent.empty() ? p.name : parent + "/" + p.name;
    out.push_back({full, p.help, depth});
    for (const Phase<Data>& c : p.children) Collect(c, full, depth + 1, out);
  }

  bool Skipped(const std::string& full) const {
    for (const std::string& s : skipped_) {
      if (full == s || full.rfind(s + "/", 0) == 0) return true;
    }
    return false;
  }

  // filter selects a phase and its subtree; its ancestors are walked, not run.
  static bool InScope(const std::string& full, const std::string& filter) {
    return filter.empty() || full == filter || full.rfind(filter + "/", 0) == 0;
  }
  static bool OnPathTo(const std::string& full, const std::string& filter) {
    return filter.rfind(full + "/", 0) == 0;
  }

  Status RunPhase(const Phase<Data>& p, const std::string& parent, const std::string& filter,
                  Data& data) const {
    std::string full = parent.empty() ? p.name : parent + "/" + p.name;
    bool in_scope = InScope(full, filter);
    if (!in_scope && !OnPathTo(full, filter)) return Status::Ok();
    if (Skipped(full)) return Status::Ok();
    if (p.run_if && !p.run_if(data)) return Status::Ok();
    if (in_scope && p.run) {
      Status st = p.run(data);
      if (!st.ok()) return st.Wrap("error execution phase " + full);
    }
    for (const Phase<Data>& c : p.children) KI_RETURN_IF_ERROR(RunPhase(c, full, filter, data));
    return Status::Ok();
  }

  std::vector<Phase<Data>> phases_;
  std::vector<std::string> skipped_;
};

}  // namespace ki::workflow
