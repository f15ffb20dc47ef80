// Kubeconfig loading: clusters, users, contexts and current-context resolved
// into one RestConfig, with client-go's rules (relative paths are relative to
// the kubeconfig's directory; "-data" beats the file form; tokenFile beats
// token). Exec and auth-provider plugins are rejected with a clear error
// because this binary cannot run them. Every file read (the kubeconfig, and
// the certificate, key and token files it names) is a regular file of
// bounded size (ki::ReadRegularFile); the text passes pkg/config's YAML
// checks before yaml-cpp sees it; values in messages are ki::Quote()d. Pure
// apart from reading the files the kubeconfig names; thread-compatible;
// never throws.
#pragma once

#include <string>
#include <string_view>

#include "pkg/base/status.h"
#include "pkg/k8s/client/rest_config.h"

namespace ki::k8s::client {

struct KubeconfigOptions {
  // Use this context instead of current-context. Default: current-context.
  std::string context;
};

// Reads and resolves the kubeconfig at path: at most kMaxKubeconfigBytes.
// Every error is kInvalidConfig ("kubeconfig: read <path>: is a FIFO (named
// pipe), not a regular file").
Result<RestConfig> LoadKubeconfig(const std::string& path, const KubeconfigOptions& options = {});

// Resolves kubeconfig text; path names it in messages and anchors relative
// file references.
Result<RestConfig> ParseKubeconfig(std::string_view text, const std::string& path,
                                   const KubeconfigOptions& options = {});

}  // namespace ki::k8s::client
