// The state the init phases share, built once by the init command: the
// resolved configuration, the flags that steer the phases, the host
// interfaces and the cluster (injected, so tests use fakes) and where
// progress is printed. Not thread-safe.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "pkg/base/atomic_file.h"
#include "pkg/config/load.h"
#include "pkg/k8s/client/apply.h"
#include "pkg/kmod/module_probe.h"
#include "pkg/manifests/kube_proxy_addon.h"
#include "pkg/preflight/run.h"
#include "pkg/preflight/system.h"

namespace ki::phases {

struct InitData {
  config::LoadedConfig loaded;
  bool dry_run = false;
  preflight::IgnoreSet ignore_preflight_errors;
  std::string output_dir;
  manifests::AddonOptions addon;

  preflight::System* system = nullptr;
  kmod::ModuleProbe* modules = nullptr;
  std::ostream* out = nullptr;  // progress lines ("[preflight] ...")
  // The cluster the addon is applied to (init --kubeconfig); null: the
  // addon is only written to output_dir. Unused under --dry-run.
  k8s::client::ObjectApplier* cluster = nullptr;

  // Files the phases produce. They are written together, atomically, once
  // every phase has passed (so a failed run writes nothing), or shown under
  // --dry-run.
  std::vector<FileToWrite> files;
  // What the phases did (or, under --dry-run, would do), for the summary.
  std::vector<std::string> done;
  // What init changed outside output_dir ("" for nothing), which a failed
  // write of the files does not take back.
  std::string cluster_changed;
};

}  // namespace ki::phases
