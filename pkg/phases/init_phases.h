// The phases of `kubeadm-ipvs init`, in order. Phase files are thin glue over
// pkg/preflight, pkg/manifests, ...: the work lives there.
#pragma once

#include <vector>

#include "pkg/phases/init_data.h"
#include "pkg/workflow/phase.h"

namespace ki::phases {

std::vector<workflow::Phase<InitData>> InitPhases();

// Each phase, for the list above and for tests.
workflow::Phase<InitData> PreflightPhase();
workflow::Phase<InitData> WriteConfigPhase();
workflow::Phase<InitData> AddonPhase();

// The files init writes under output_dir.
std::string ResolvedConfigPath(const std::string& output_dir);
std::string KubeProxyAddonPath(const std::string& output_dir);

// kubeadm's choice when neither an advertise address nor a control-plane
// endpoint is given: the default route's address, set in data.loaded.config
// (and said) by the first phase that needs it, so that the written
// configuration names the address the addon uses.
Status EnsureApiServerAddress(InitData& data);

// Text indented by a tab per line, as kubeadm's dry-run shows objects and files.
std::string IndentForDryRun(const std::string& text);

// After the phases: writes data.files (or, under --dry-run, prints them in
// kubeadm's "[dryrun] Would write file" form), then the summary.
Status Finish(InitData& data);

}  // namespace ki::phases
