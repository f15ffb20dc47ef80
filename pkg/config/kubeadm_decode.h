// Decoders for kubeadm's documents, every version kubeadm-ipvs accepts:
// kubeadm.k8s.io/v1alpha1 and v1alpha2 MasterConfiguration, and v1alpha3,
// v1beta1..v1beta4 InitConfiguration / ClusterConfiguration. Each reads its
// version's fields into the one model and records mode intent. Not thread-safe.
#pragma once

#include "pkg/config/intent.h"
#include "pkg/config/node_reader.h"
#include "pkg/config/types.h"

namespace ki::config {

// kubeadm.k8s.io versions in order; kUnknown for anything else.
enum class KubeadmVersion {
  kUnknown,
  kV1Alpha1,
  kV1Alpha2,
  kV1Alpha3,
  kV1Beta1,
  kV1Beta2,
  kV1Beta3,
  kV1Beta4
};

KubeadmVersion ParseKubeadmVersion(const std::string& api_version);

// The top-level fields of one document (apiVersion/kind already read).
void DecodeMasterConfiguration(MapReader& doc, KubeadmVersion v, ClusterConfig& out,
                               ModeIntent& intent);
void DecodeInitConfiguration(MapReader& doc, KubeadmVersion v, ClusterConfig& out);
void DecodeClusterConfiguration(MapReader& doc, KubeadmVersion v, ClusterConfig& out,
                                ModeIntent& intent);

}  // namespace ki::config
