// The gate tables. Kubernetes gates: kube-proxy's featureGates went into
// utilfeature.DefaultMutableFeatureGate, which holds every gate of the release
// (pkg/features/kube_features.go registers its own, relists the generic
// apiserver's and apiextensions' and, from v1.30, adds client-go's;
// cmd/kube-proxy/app/server.go adds component-base's logging and metrics
// gates, and zpages' from v1.32), so any of them was accepted.
//
// Sources, one letter per row:
//   R  website feature-gates-removed.md table (kubernetes/website, v1.27 era):
//      exact first and last release.
//   W  website feature-gates/<Name>.md stages (fromVersion, toVersion): exact.
//   T  website feature-gates.md tables at v1.27: exact first release.
//   S  pkg/features/kube_features.go as stored for v1.9, v1.10-dev, v1.12,
//      v1.14, v1.20, v1.24, v1.31-dev and v1.35/v1.36-dev (its versioned
//      specs give the first release), the v1.32-dev featuregates_linter lists
//      and v1.37-dev's split scheduler gates.
//   C  component-base (logs/api/v1, metrics/features, zpages/features) and
//      client-go (features/known_features.go) gates kube-proxy registers.
//   ~  approximate: the first or last release is bracketed by the snapshots
//      above (a "remove in v1.N" comment, or the gate missing from the next
//      snapshot), not read from a release.
// Gates added in v1.36 are only those seen (v1.36 is covered in part); the
// v1.37 and later gates of the website are left out (unreleased when read).
//
// proxy_reads (true): read by kube-proxy itself, per release —
//   SupportIPVSProxyMode (cmd/kube-proxy, v1.9-v1.10), IPv6DualStack,
//   EndpointSlice (v1.16-v1.17) then EndpointSliceProxying,
//   WindowsEndpointSliceProxying, ServiceTopology, ExternalPolicyForExternalIP
//   (ipvs proxier), TopologyAwareHints, ServiceInternalTrafficPolicy,
//   ProxyTerminatingEndpoints, MinimizeIPTablesRestore,
//   KubeProxyDrainingTerminatingNodes, NFTablesProxyMode, LoadBalancerIPMode
//   (pkg/proxy/util IsVIPMode), ServiceTrafficDistribution,
//   PreferSameTrafficDistribution, AllowServiceExternalIPs, WinDSR and
//   WinOverlay (winkernel); the logging, metrics, zpages and client-go gates
//   kube-proxy registers; AllAlpha and AllBeta, which set all of them.
#include "pkg/config/known_gates.h"

#include <algorithm>

namespace ki::config {
namespace {

constexpr GateHistory kKubernetesGates[] = {
    {"APIListChunking", "v1.8", "v1.32"},                                   // W
    {"APIPriorityAndFairness", "v1.18", "v1.30"},                           // W
    {"APIResponseCompression", "v1.7", ""},                                 // T
    {"APISelfSubjectReview", "v1.26", "v1.29"},                             // W
    {"APIServerIdentity", "v1.20", ""},                                     // T
    {"APIServerTracing", "v1.22", ""},                                      // T
    {"APIServingWithRoutine", "v1.30", ""},                                 // S
    {"Accelerators", "v1.6", "v1.11"},                                      // R
    {"AdmissionWebhookMatchConditions", "v1.27", "v1.32"},                  // W
    {"AdvancedAuditing", "v1.7", "v1.27"},                                  // W
    {"AffinityInAnnotations", "v1.6", "v1.8"},                              // R
    {"AggregatedDiscoveryEndpoint", "v1.26", "v1.32"},                      // W~
    {"AggregatedDiscoveryRemoveBetaType", "v1.33", ""},                     // S
    {"AllAlpha", "v1.9", "", true},                                         // C
    {"AllBeta", "v1.17", "", true},                                         // C~
    {"AllowDNSOnlyNodeCSR", "v1.31", ""},                                   // S
    {"AllowExtTrafficLocalEndpoints", "v1.4", "v1.9"},                      // R
    {"AllowInsecureBackendProxy", "v1.17", "v1.25"},                        // R
    {"AllowInsecureKubeletCertificateSigningRequests", "v1.31", ""},        // S
    {"AllowOverwriteTerminationGracePeriodSeconds", "v1.32", ""},           // S
    {"AllowParsingUserUIDFromCertAuth", "v1.33", ""},                       // S
    {"AllowServiceExternalIPs", "v1.36", "", true},                         // W
    {"AllowServiceLBStatusOnNonLB", "v1.29", "v1.34"},                      // W
    {"AllowUnsafeMalformedObjectDeletion", "v1.32", ""},                    // S
    {"AnonymousAuthConfigurableEndpoints", "v1.31", ""},                    // S
    {"AnyVolumeDataSource", "v1.18", ""},                                   // S
    {"AppArmor", "v1.4", "v1.32"},                                          // S~
    {"AppArmorFields", "v1.30", "v1.32"},                                   // S~
    {"AtomicFIFO", "v1.36", "", true},                                      // W
    {"AttachVolumeLimit", "v1.11", "v1.21"},                                // R
    {"AuthorizeNodeWithSelectors", "v1.31", ""},                            // S
    {"AuthorizePodWebsocketUpgradeCreatePermission", "v1.35", ""},          // S
    {"AuthorizeWithSelectors", "v1.31", ""},                                // S
    {"BalanceAttachedNodeVolumes", "v1.11", "v1.22"},                       // R
    {"BlockVolume", "v1.9", "v1.21"},                                       // R
    {"BoundServiceAccountTokenVolume", "v1.13", "v1.23"},                   // R
    {"BtreeWatchCache", "v1.32", ""},                                       // S
    {"CBORServingAndStorage", "v1.32", ""},                                 // S
    {"CPUManager", "v1.8", "v1.32"},                                        // W~
    {"CPUManagerPolicyAlphaOptions", "v1.23", ""},                          // S
    {"CPUManagerPolicyBetaOptions", "v1.23", ""},                           // S
    {"CPUManagerPolicyOptions", "v1.22", ""},                               // S
    {"CRDObservedGenerationTracking", "v1.35", ""},                         // S
    {"CRDValidationRatcheting", "v1.28", ""},                               // S
    {"CRIContainerLogRotation", "v1.10", "v1.22"},                          // R
    {"CRIListStreaming", "v1.36", ""},                                      // W
    {"CSIBlockVolume", "v1.11", "v1.21"},                                   // R
    {"CSIDriverRegistry", "v1.12", "v1.21"},                                // R
    {"CSIInlineVolume", "v1.15", "v1.26"},                                  // R
    {"CSIMigration", "v1.14", "v1.26"},                                     // R
    {"CSIMigrationAWS", "v1.14", "v1.26"},                                  // R
    {"CSIMigrationAWSComplete", "v1.17", "v1.21"},                          // R
    {"CSIMigrationAzureDisk", "v1.15", "v1.26"},                            // R
    {"CSIMigrationAzureDiskComplete", "v1.17", "v1.21"},                    // R
    {"CSIMigrationAzureFile", "v1.15", "v1.29"},                            // W
    {"CSIMigrationAzureFileComplete", "v1.17", "v1.21"},                    // R
    {"CSIMigrationGCE", "v1.14", "v1.27"},                                  // W
    {"CSIMigrationGCEComplete", "v1.17", "v1.21"},                          // R
    {"CSIMigrationOpenStack", "v1.14", "v1.25"},                            // R
    {"CSIMigrationOpenStackComplete", "v1.17", "v1.21"},                    // R
    {"CSIMigrationPortworx", "v1.23", ""},                                  // S
    {"CSIMigrationRBD", "v1.23", "v1.30"},                                  // W
    {"CSIMigrationvSphere", "v1.18", "v1.28"},                              // W
    {"CSIMigrationvSphereComplete", "v1.19", "v1.22"},                      // R
    {"CSINodeExpandSecret", "v1.25", "v1.30"},                              // W
    {"CSINodeInfo", "v1.12", "v1.22"},                                      // R
    {"CSIPersistentVolume", "v1.9", "v1.16"},                               // R
    {"CSIServiceAccountToken", "v1.20", "v1.24"},                           // R
    {"CSIServiceAccountTokenSecrets", "v1.35", ""},                         // S
    {"CSIStorageCapacity", "v1.19", "v1.27"},                               // W
    {"CSIVolumeFSGroupPolicy", "v1.19", "v1.25"},                           // R
    {"CSIVolumeHealth", "v1.21", ""},                                       // S
    {"CSRDuration", "v1.22", "v1.25"},                                      // R
    {"ChangeContainerStatusOnKubeletRestart", "v1.35", ""},                 // S
    {"ClearingNominatedNodeNameAfterBinding", "v1.34", ""},                 // S
    {"ClientsAllowCBOR", "v1.32", "", true},                                // C
    {"ClientsPreferCBOR", "v1.32", "", true},                               // C
    {"CloudControllerManagerWatchBasedRoutesReconciliation", "v1.35", ""},  // S
    {"CloudControllerManagerWebhook", "v1.27", ""},                         // S
    {"CloudDualStackNodeIPs", "v1.27", "v1.31"},                            // S~
    {"ClusterTrustBundle", "v1.27", ""},                                    // S
    {"ClusterTrustBundleProjection", "v1.29", ""},                          // S
    {"ComponentFlagz", "v1.32", "", true},                                  // C
    {"ComponentSLIs", "v1.26", "", true},                                   // W
    {"ComponentStatusz", "v1.32", "", true},                                // C
    {"ConcurrentWatchObjectDecode", "v1.31", ""},                           // S
    {"ConfigurableFSGroupPolicy", "v1.18", "v1.25"},                        // R
    {"ConsistentHTTPGetHandlers", "v1.25", "v1.30"},                        // W
    {"ConsistentListFromCache", "v1.28", ""},                               // S
    {"ConstrainedImpersonation", "v1.35", ""},                              // S
    {"ContainerCheckpoint", "v1.25", ""},                                   // S
    {"ContainerRestartRules", "v1.34", ""},                                 // S
    {"ContainerStopSignals", "v1.33", ""},                                  // S
    {"ContextualLogging", "v1.24", "", true},                               // C
    {"ControllerManagerLeaderMigration", "v1.21", "v1.26"},                 // R
    {"CoordinatedLeaderElection", "v1.31", ""},                             // S
    {"CronJobControllerV2", "v1.20", "v1.23"},                              // R
    {"CronJobTimeZone", "v1.24", "v1.28"},                                  // W
    {"CronJobsScheduledAnnotation", "v1.28", "v1.34"},                      // W~
    {"CrossNamespaceVolumeDataSource", "v1.26", ""},                        // S
    {"CustomCPUCFSQuotaPeriod", "v1.12", ""},                               // S
    {"CustomPodDNS", "v1.9", "v1.16"},                                      // R
    {"CustomResourceDefaulting", "v1.15", "v1.18"},                         // R
    {"CustomResourceFieldSelectors", "v1.30", ""},                          // S
    {"CustomResourcePublishOpenAPI", "v1.14", "v1.18"},                     // R
    {"CustomResourceSubresources", "v1.10", "v1.18"},                       // R
    {"CustomResourceValidation", "v1.8", "v1.18"},                          // R
    {"CustomResourceValidationExpressions", "v1.23", "v1.30"},              // W
    {"CustomResourceWebhookConversion", "v1.13", "v1.18"},                  // R
    {"DRAAdminAccess", "v1.32", ""},                                        // S
    {"DRAConsumableCapacity", "v1.34", ""},                                 // S
    {"DRAControlPlaneController", "v1.26", "v1.31"},                        // W
    {"DRADeviceBindingConditions", "v1.34", ""},                            // S
    {"DRADeviceTaintRules", "v1.35", ""},                                   // S
    {"DRADeviceTaints", "v1.33", ""},                                       // S
    {"DRAExtendedResource", "v1.34", ""},                                   // S
    {"DRAListTypeAttributes", "v1.36", ""},                                 // S
    {"DRANodeAllocatableResources", "v1.36", ""},                           // S
    {"DRAPartitionableDevices", "v1.33", ""},                               // S
    {"DRAPrioritizedList", "v1.33", ""},                                    // S
    {"DRAResourceClaimDeviceStatus", "v1.32", ""},                          // S
    {"DRASchedulerFilterTimeout", "v1.34", ""},                             // S
    {"DRAWorkloadResourceClaims", "v1.36", ""},                             // S
    {"DaemonSetUpdateSurge", "v1.21", "v1.26"},                             // R
    {"DebugContainers", "v1.8", "v1.15"},                                   // S~
    {"DeclarativeValidation", "v1.33", ""},                                 // S
    {"DeclarativeValidationTakeover", "v1.33", ""},                         // S
    {"DefaultPodTopologySpread", "v1.19", "v1.25"},                         // R
    {"DelegateFSGroupToCSIDriver", "v1.22", "v1.27"},                       // W
    {"DeploymentReplicaSetTerminatingReplicas", "v1.33", ""},               // S
    {"DetectCacheInconsistency", "v1.34", ""},                              // S
    {"DevicePluginCDIDevices", "v1.28", "v1.32"},                           // S~
    {"DevicePlugins", "v1.8", "v1.27"},                                     // W
    {"DisableAcceleratorUsageMetrics", "v1.19", "v1.27"},                   // W
    {"DisableAllocatorDualWrite", "v1.31", ""},                             // S
    {"DisableCPUQuotaWithExclusiveCPUs", "v1.33", ""},                      // S
    {"DisableCloudProviders", "v1.22", "v1.32"},                            // W
    {"DisableKubeletCSRAdmissionValidation", "v1.31", "v1.32"},             // S~
    {"DisableKubeletCloudCredentialProviders", "v1.23", "v1.32"},           // S~
    {"DisableNodeKubeProxyVersion", "v1.29", ""},                           // S
    {"DownwardAPIHugePages", "v1.20", "v1.28"},                             // W
    {"DryRun", "v1.12", "v1.27"},                                           // W
    {"DynamicAuditing", "v1.13", "v1.19"},                                  // R
    {"DynamicKubeletConfig", "v1.4", "v1.25"},                              // R
    {"DynamicProvisioningScheduling", "v1.11", "v1.12"},                    // R~
    {"DynamicResourceAllocation", "v1.26", ""},                             // S
    {"DynamicVolumeProvisioning", "v1.3", "v1.12"},                         // R
    {"EfficientWatchResumption", "v1.20", "v1.32"},                         // W~
    {"ElasticIndexedJob", "v1.27", "v1.31"},                                // S~
    {"EnableAggregatedDiscoveryTimeout", "v1.16", "v1.17"},                 // R
    {"EnableEquivalenceClassCache", "v1.8", "v1.23"},                       // R
    {"EndpointSlice", "v1.16", "v1.24", true},                              // R
    {"EndpointSliceNodeName", "v1.20", "v1.24"},                            // R
    {"EndpointSliceProxying", "v1.18", "v1.24", true},                      // R
    {"EndpointSliceTerminatingCondition", "v1.20", "v1.27"},                // W
    {"EnvFiles", "v1.34", ""},                                              // S
    {"EphemeralContainers", "v1.16", "v1.26"},                              // R
    {"EvenPodsSpread", "v1.16", "v1.21"},                                   // R
    {"EventedPLEG", "v1.26", ""},                                           // S
    {"ExecProbeTimeout", "v1.20", ""},                                      // S
    {"ExpandCSIVolumes", "v1.14", "v1.26"},                                 // R
    {"ExpandInUsePersistentVolumes", "v1.11", "v1.26"},                     // R
    {"ExpandPersistentVolumes", "v1.8", "v1.26"},                           // R
    {"ExpandedDNSConfig", "v1.22", "v1.29"},                                // W
    {"ExperimentalCriticalPodAnnotation", "v1.5", "v1.16"},                 // R
    {"ExperimentalHostUserNamespaceDefaulting", "v1.5", "v1.29"},           // W
    {"ExternalPolicyForExternalIP", "v1.18", "v1.22", true},                // R
    {"ExternalServiceAccountTokenSigner", "v1.32", ""},                     // S
    {"GCERegionalPersistentDisk", "v1.10", "v1.16"},                        // R
    {"GRPCContainerProbe", "v1.23", "v1.28"},                               // W
    {"GangScheduling", "v1.35", ""},                                        // S
    {"GenericEphemeralVolume", "v1.19", "v1.24"},                           // R
    {"GenericWorkload", "v1.35", ""},                                       // S
    {"GitRepoVolumeDriver", "v1.33", ""},                                   // S
    {"GracefulNodeShutdown", "v1.20", ""},                                  // S
    {"GracefulNodeShutdownBasedOnPodPriority", "v1.23", ""},                // S
    {"HPAConfigurableTolerance", "v1.33", ""},                              // S
    {"HPAContainerMetrics", "v1.20", "v1.31"},                              // S~
    {"HPAScaleToZero", "v1.16", ""},                                        // S
    {"HonorPVReclaimPolicy", "v1.23", ""},                                  // S
    {"HostnameOverride", "v1.34", ""},                                      // S
    {"HugePageStorageMediumSize", "v1.18", "v1.24"},                        // R
    {"HugePages", "v1.8", "v1.16"},                                         // R
    {"HyperVContainer", "v1.10", "v1.20"},                                  // R
    {"IPTablesOwnershipCleanup", "v1.25", "v1.29"},                         // W
    {"IPv6DualStack", "v1.15", "v1.24", true},                              // R
    {"IdentifyPodOS", "v1.23", "v1.26"},                                    // R
    {"ImageMaximumGCAge", "v1.29", ""},                                     // S
    {"ImageVolume", "v1.31", ""},                                           // S
    {"ImageVolumeWithDigest", "v1.35", ""},                                 // S
    {"ImmutableEphemeralVolumes", "v1.18", "v1.24"},                        // R
    {"InOrderInformers", "v1.33", "", true},                                // C
    {"InPlacePodLevelResourcesVerticalScaling", "v1.35", ""},               // S
    {"InPlacePodVerticalScaling", "v1.27", ""},                             // S
    {"InPlacePodVerticalScalingAllocatedStatus", "v1.32", ""},              // S
    {"InPlacePodVerticalScalingExclusiveCPUs", "v1.32", ""},                // S
    {"InPlacePodVerticalScalingExclusiveMemory", "v1.34", ""},              // S
    {"InTreePluginAWSUnregister", "v1.21", "v1.30"},                        // W
    {"InTreePluginAzureDiskUnregister", "v1.21", "v1.30"},                  // S~
    {"InTreePluginAzureFileUnregister", "v1.21", "v1.30"},                  // S~
    {"InTreePluginGCEUnregister", "v1.21", "v1.30"},                        // S~
    {"InTreePluginOpenStackUnregister", "v1.21", "v1.30"},                  // S~
    {"InTreePluginPortworxUnregister", "v1.23", ""},                        // S
    {"InTreePluginRBDUnregister", "v1.23", "v1.30"},                        // W
    {"InTreePluginvSphereUnregister", "v1.21", "v1.30"},                    // S~
    {"IndexedJob", "v1.21", "v1.25"},                                       // R
    {"InformerResourceVersion", "v1.30", "", true},                         // C
    {"IngressClassNamespacedParams", "v1.21", "v1.24"},                     // R
    {"Initializers", "v1.7", "v1.14"},                                      // R
    {"JobBackoffLimitPerIndex", "v1.28", ""},                               // S
    {"JobManagedBy", "v1.30", ""},                                          // S
    {"JobMutableNodeSchedulingDirectives", "v1.23", "v1.28"},               // W
    {"JobPodFailurePolicy", "v1.25", "v1.32"},                              // S~
    {"JobPodReplacementPolicy", "v1.28", ""},                               // S
    {"JobReadyPods", "v1.23", "v1.30"},                                     // W
    {"JobSuccessPolicy", "v1.30", ""},                                      // S
    {"JobTrackingWithFinalizers", "v1.22", "v1.28"},                        // W
    {"KMSv1", "v1.28", ""},                                                 // S
    {"KMSv2", "v1.25", "v1.30"},                                            // S~
    {"KMSv2KDF", "v1.28", "v1.30"},                                         // S~
    {"KubeProxyDrainingTerminatingNodes", "v1.28", "v1.32", true},          // W
    {"KubeProxyIPVS", "v1.37", "", true},              // #139397 (CHANGELOG-1.37): ipvs mode's gate
    {"KubeletCgroupDriverFromCRI", "v1.28", ""},       // S
    {"KubeletConfigFile", "v1.8", "v1.10"},            // R
    {"KubeletCrashLoopBackOffMax", "v1.32", ""},       // S
    {"KubeletCredentialProviders", "v1.20", "v1.28"},  // W
    {"KubeletEnsureSecretPulledImages", "v1.33", ""},  // S
    {"KubeletFineGrainedAuthz", "v1.32", ""},          // S
    {"KubeletInUserNamespace", "v1.22", ""},           // S
    {"KubeletPSI", "v1.33", ""},                       // S
    {"KubeletPluginsWatcher", "v1.11", "v1.16"},       // R
    {"KubeletPodResources", "v1.13", "v1.29"},         // W
    {"KubeletPodResourcesDynamicResources", "v1.27", ""},                  // S
    {"KubeletPodResourcesGet", "v1.27", ""},                               // S
    {"KubeletPodResourcesGetAllocatable", "v1.21", "v1.29"},               // W
    {"KubeletPodResourcesListUseActivePods", "v1.34", ""},                 // S
    {"KubeletRegistrationGetOnExistsOnly", "v1.32", ""},                   // S
    {"KubeletSeparateDiskGC", "v1.29", ""},                                // S
    {"KubeletServiceAccountTokenForCredentialProviders", "v1.33", ""},     // S
    {"KubeletTracing", "v1.25", ""},                                       // S
    {"LegacyNodeRoleBehavior", "v1.16", "v1.22"},                          // R
    {"LegacyServiceAccountTokenCleanUp", "v1.28", "v1.31"},                // S~
    {"LegacyServiceAccountTokenNoAutoGeneration", "v1.24", "v1.28"},       // W
    {"LegacyServiceAccountTokenTracking", "v1.26", "v1.29"},               // W
    {"ListFromCacheSnapshot", "v1.33", ""},                                // S
    {"LoadBalancerIPMode", "v1.29", "v1.34", true},                        // W
    {"LocalStorageCapacityIsolation", "v1.7", "v1.26"},                    // R
    {"LocalStorageCapacityIsolationFSQuotaMonitoring", "v1.15", ""},       // S
    {"LogarithmicScaleDown", "v1.21", ""},                                 // S
    {"LoggingAlphaOptions", "v1.24", "", true},                            // C
    {"LoggingBetaOptions", "v1.24", "", true},                             // C
    {"MatchLabelKeysInPodAffinity", "v1.29", ""},                          // S
    {"MatchLabelKeysInPodTopologySpread", "v1.25", ""},                    // S
    {"MatchLabelKeysInPodTopologySpreadSelectorMerge", "v1.34", ""},       // S
    {"MaxUnavailableStatefulSet", "v1.24", ""},                            // S
    {"MemoryManager", "v1.21", ""},                                        // S
    {"MemoryQoS", "v1.22", ""},                                            // S
    {"MinDomainsInPodTopologySpread", "v1.24", "v1.31"},                   // S~
    {"MinimizeIPTablesRestore", "v1.26", "v1.29", true},                   // W
    {"MixedProtocolLBService", "v1.20", "v1.27"},                          // W
    {"MountContainers", "v1.9", "v1.17"},                                  // R
    {"MountPropagation", "v1.8", "v1.14"},                                 // R
    {"MultiCIDRRangeAllocator", "v1.25", "v1.28"},                         // W
    {"MultiCIDRServiceAllocator", "v1.27", ""},                            // S
    {"MutableCSINodeAllocatableCount", "v1.33", ""},                       // S
    {"MutablePVNodeAffinity", "v1.35", ""},                                // S
    {"MutablePodResourcesForSuspendedJobs", "v1.35", ""},                  // S
    {"MutableSchedulingDirectivesForSuspendedJobs", "v1.35", ""},          // S
    {"MutatingAdmissionPolicy", "v1.30", ""},                              // S
    {"NFTablesProxyMode", "v1.29", "", true},                              // S
    {"NamespaceDefaultLabelName", "v1.21", "v1.23"},                       // R
    {"NativeHistograms", "v1.36", "", true},                               // C~
    {"NetworkPolicyEndPort", "v1.21", "v1.26"},                            // R
    {"NetworkPolicyStatus", "v1.24", "v1.27"},                             // W
    {"NewVolumeManagerReconstruction", "v1.27", "v1.31"},                  // S~
    {"NoDaemonSetScheduler", "v1.10", "v1.10"},                            // S~
    {"NodeDeclaredFeatures", "v1.35", ""},                                 // S
    {"NodeDisruptionExclusion", "v1.16", "v1.22"},                         // R
    {"NodeInclusionPolicyInPodTopologySpread", "v1.25", ""},               // S
    {"NodeLease", "v1.12", "v1.23"},                                       // R
    {"NodeLogQuery", "v1.27", ""},                                         // S
    {"NodeOutOfServiceVolumeDetach", "v1.24", "v1.30"},                    // S~
    {"NodeSwap", "v1.22", ""},                                             // S
    {"NominatedNodeNameForExpectation", "v1.34", ""},                      // S
    {"NonPreemptingPriority", "v1.15", "v1.25"},                           // R
    {"OpenAPIEnums", "v1.23", ""},                                         // S
    {"OpenAPIV3", "v1.23", "v1.28"},                                       // W
    {"OpportunisticBatching", "v1.35", ""},                                // S
    {"OrderedNamespaceDeletion", "v1.30", ""},                             // S
    {"PDBUnhealthyPodEvictionPolicy", "v1.26", "v1.32"},                   // S~
    {"PVCProtection", "v1.9", "v1.10"},                                    // R
    {"PersistentLocalVolumes", "v1.7", "v1.16"},                           // R
    {"PersistentVolumeLastPhaseTransitionTime", "v1.28", "v1.32"},         // S~
    {"PodAffinityNamespaceSelector", "v1.21", "v1.25"},                    // R
    {"PodAndContainerStatsFromCRI", "v1.23", ""},                          // S
    {"PodCertificateRequest", "v1.34", ""},                                // S
    {"PodDeletionCost", "v1.21", ""},                                      // S
    {"PodDisruptionBudget", "v1.3", "v1.25"},                              // R
    {"PodDisruptionConditions", "v1.25", "v1.32"},                         // S~
    {"PodHasNetworkCondition", "v1.25", "v1.27"},                          // W
    {"PodHostIPs", "v1.28", "v1.31"},                                      // S~
    {"PodIndexLabel", "v1.28", "v1.34"},                                   // W~
    {"PodLevelResources", "v1.32", ""},                                    // S
    {"PodLifecycleSleepAction", "v1.29", ""},                              // S
    {"PodLifecycleSleepActionAllowZero", "v1.32", ""},                     // S
    {"PodLogsQuerySplitStreams", "v1.32", ""},                             // S
    {"PodObservedGenerationTracking", "v1.33", ""},                        // S
    {"PodOverhead", "v1.16", "v1.25"},                                     // R
    {"PodPriority", "v1.8", "v1.18"},                                      // R
    {"PodReadinessGates", "v1.11", "v1.16"},                               // R
    {"PodReadyToStartContainersCondition", "v1.28", ""},                   // S
    {"PodSchedulingReadiness", "v1.26", ""},                               // S
    {"PodSecurity", "v1.22", "v1.27"},                                     // W
    {"PodShareProcessNamespace", "v1.10", "v1.19"},                        // R
    {"PodTopologyLabelsAdmission", "v1.33", ""},                           // S
    {"PortForwardWebsockets", "v1.30", ""},                                // S
    {"PreferNominatedNode", "v1.21", "v1.25"},                             // R
    {"PreferSameTrafficDistribution", "v1.33", "", true},                  // S
    {"PreventStaticPodAPIReferences", "v1.34", ""},                        // S
    {"ProbeTerminationGracePeriod", "v1.21", "v1.28"},                     // W
    {"ProcMountType", "v1.12", ""},                                        // S
    {"ProxyTerminatingEndpoints", "v1.22", "v1.29", true},                 // W
    {"QOSReserved", "v1.11", ""},                                          // S
    {"ReadOnlyAPIDataVolumes", "v1.9", "v1.10"},                           // S~
    {"ReadWriteOncePod", "v1.22", "v1.30"},                                // W
    {"RecoverVolumeExpansionFailure", "v1.23", ""},                        // S
    {"RecursiveReadOnlyMounts", "v1.30", ""},                              // S
    {"ReduceDefaultCrashLoopBackOffDecay", "v1.33", ""},                   // S
    {"RelaxedDNSSearchValidation", "v1.32", ""},                           // S
    {"RelaxedEnvironmentVariableValidation", "v1.30", ""},                 // S
    {"RelaxedServiceNameValidation", "v1.34", ""},                         // S
    {"ReloadKubeletServerCertificateFile", "v1.31", ""},                   // S
    {"RemainingItemCount", "v1.15", "v1.32"},                              // W
    {"RemoteRequestHeaderUID", "v1.32", ""},                               // S
    {"RemoveSelfLink", "v1.16", "v1.29"},                                  // W
    {"RequestManagement", "v1.15", "v1.17"},                               // R
    {"ResilientWatchCacheInitialization", "v1.31", ""},                    // S
    {"ResourceHealthStatus", "v1.31", ""},                                 // S
    {"ResourceLimitsPriorityFunction", "v1.9", "v1.19"},                   // R
    {"ResourceQuotaScopeSelectors", "v1.11", "v1.18"},                     // R
    {"RestartAllContainersOnContainerExits", "v1.35", ""},                 // S
    {"RetroactiveDefaultStorageClass", "v1.25", "v1.28"},                  // W
    {"RetryGenerateName", "v1.30", ""},                                    // S
    {"RootCAConfigMap", "v1.13", "v1.22"},                                 // R
    {"RotateKubeletClientCertificate", "v1.8", "v1.21"},                   // R
    {"RotateKubeletServerCertificate", "v1.7", ""},                        // S
    {"RunAsGroup", "v1.10", "v1.22"},                                      // R~
    {"RuntimeClass", "v1.12", "v1.24"},                                    // R
    {"RuntimeClassInImageCriAPI", "v1.29", ""},                            // S
    {"SCTPSupport", "v1.12", "v1.22"},                                     // R
    {"SELinuxChangePolicy", "v1.32", ""},                                  // S
    {"SELinuxMount", "v1.30", ""},                                         // S
    {"SELinuxMountReadWriteOncePod", "v1.25", ""},                         // S
    {"ScheduleDaemonSetPods", "v1.11", "v1.18"},                           // R
    {"SchedulerAsyncAPICalls", "v1.34", ""},                               // S
    {"SchedulerAsyncPreemption", "v1.32", ""},                             // S
    {"SchedulerPopFromBackoffQ", "v1.33", ""},                             // S
    {"SchedulerQueueingHints", "v1.28", ""},                               // S
    {"SeccompDefault", "v1.22", "v1.28"},                                  // W
    {"SecurityContextDeny", "v1.27", "v1.29"},                             // W
    {"SelectorIndex", "v1.18", "v1.25"},                                   // R
    {"SeparateCacheWatchRPC", "v1.28", ""},                                // S
    {"SeparateTaintEvictionController", "v1.29", ""},                      // S
    {"ServerSideApply", "v1.14", "v1.31"},                                 // W
    {"ServerSideFieldValidation", "v1.23", "v1.31"},                       // W
    {"ServiceAccountIssuerDiscovery", "v1.18", "v1.23"},                   // R
    {"ServiceAccountNodeAudienceRestriction", "v1.32", ""},                // S
    {"ServiceAccountTokenJTI", "v1.29", ""},                               // S
    {"ServiceAccountTokenNodeBinding", "v1.29", ""},                       // S
    {"ServiceAccountTokenNodeBindingValidation", "v1.29", ""},             // S
    {"ServiceAccountTokenPodNodeInfo", "v1.29", ""},                       // S
    {"ServiceAppProtocol", "v1.18", "v1.22"},                              // R
    {"ServiceIPStaticSubrange", "v1.24", "v1.27"},                         // W
    {"ServiceInternalTrafficPolicy", "v1.21", "v1.27", true},              // W
    {"ServiceLBNodePortControl", "v1.20", "v1.25"},                        // R
    {"ServiceLoadBalancerClass", "v1.21", "v1.25"},                        // R
    {"ServiceLoadBalancerFinalizer", "v1.15", "v1.20"},                    // R
    {"ServiceNodeExclusion", "v1.8", "v1.22"},                             // R
    {"ServiceNodePortStaticSubrange", "v1.27", "v1.30"},                   // W
    {"ServiceProxyAllowExternalIPs", "v1.9", "v1.10"},                     // S~
    {"ServiceTopology", "v1.17", "v1.22", true},                           // R
    {"ServiceTrafficDistribution", "v1.30", "", true},                     // S
    {"SetHostnameAsFQDN", "v1.19", "v1.24"},                               // R
    {"SidecarContainers", "v1.28", ""},                                    // S
    {"SizeBasedListCostEstimate", "v1.34", ""},                            // S
    {"SizeMemoryBackedVolumes", "v1.20", "v1.34"},                         // W~
    {"SkipReadOnlyValidationGCE", "v1.28", "v1.30"},                       // W
    {"StableLoadBalancerNodeSet", "v1.27", "v1.30"},                       // S~
    {"StartupProbe", "v1.16", "v1.23"},                                    // R
    {"StatefulSetAutoDeletePVC", "v1.23", "v1.34"},                        // W~
    {"StatefulSetMinReadySeconds", "v1.22", "v1.26"},                      // R
    {"StatefulSetSemanticRevisionComparison", "v1.34", ""},                // S~
    {"StatefulSetStartOrdinal", "v1.26", "v1.32"},                         // S~
    {"StorageCapacityScoring", "v1.33", ""},                               // S
    {"StorageNamespaceIndex", "v1.30", ""},                                // S
    {"StorageObjectInUseProtection", "v1.10", "v1.24"},                    // R
    {"StorageVersionAPI", "v1.20", ""},                                    // S
    {"StorageVersionHash", "v1.14", ""},                                   // S
    {"StorageVersionMigrator", "v1.30", ""},                               // S
    {"StreamingCollectionEncodingToJSON", "v1.33", ""},                    // S
    {"StreamingCollectionEncodingToProtobuf", "v1.33", ""},                // S
    {"StreamingProxyRedirects", "v1.5", "v1.24"},                          // R
    {"StrictCostEnforcementForVAP", "v1.30", "v1.34"},                     // S~
    {"StrictCostEnforcementForWebhooks", "v1.30", "v1.34"},                // S~
    {"StrictIPCIDRValidation", "v1.33", ""},                               // S
    {"StructuredAuthenticationConfiguration", "v1.29", ""},                // S
    {"StructuredAuthenticationConfigurationEgressSelector", "v1.34", ""},  // S
    {"StructuredAuthenticationConfigurationJWKSMetrics", "v1.35", ""},     // S
    {"StructuredAuthorizationConfiguration", "v1.29", ""},                 // S
    {"SupplementalGroupsPolicy", "v1.31", ""},                             // S
    {"SupportIPVSProxyMode", "v1.8", "v1.20", true},                       // R
    {"SupportNodePidsLimit", "v1.14", "v1.23"},                            // R
    {"SupportPodPidsLimit", "v1.10", "v1.23"},                             // R
    {"SuspendJob", "v1.21", "v1.25"},                                      // R
    {"Sysctls", "v1.11", "v1.22"},                                         // R
    {"SystemdWatchdog", "v1.32", ""},                                      // S
    {"TTLAfterFinished", "v1.12", "v1.24"},                                // R
    {"TaintBasedEvictions", "v1.6", "v1.20"},                              // R
    {"TaintNodesByCondition", "v1.8", "v1.18"},                            // R
    {"TaintTolerationComparisonOperators", "v1.35", ""},                   // S
    {"TokenRequest", "v1.10", "v1.21"},                                    // R
    {"TokenRequestProjection", "v1.11", "v1.21"},                          // R
    {"TokenRequestServiceAccountUIDValidation", "v1.34", ""},              // S
    {"TopologyAwareHints", "v1.21", "", true},                             // S
    {"TopologyAwareWorkloadScheduling", "v1.36", ""},                      // S
    {"TopologyManager", "v1.16", "v1.28"},                                 // W
    {"TopologyManagerPolicyAlphaOptions", "v1.26", ""},                    // S
    {"TopologyManagerPolicyBetaOptions", "v1.26", ""},                     // S
    {"TopologyManagerPolicyOptions", "v1.26", ""},                         // S
    {"TranslateStreamCloseWebsocketRequests", "v1.29", ""},                // S
    {"UnauthenticatedHTTP2DOSMitigation", "v1.25", ""},                    // S
    {"UnknownVersionInteroperabilityProxy", "v1.28", ""},                  // S
    {"UserNamespacesHostNetworkSupport", "v1.35", ""},                     // S
    {"UserNamespacesPodSecurityStandards", "v1.29", "v1.34"},              // W
    {"UserNamespacesStatelessPodsSupport", "v1.25", "v1.27"},              // W
    {"UserNamespacesSupport", "v1.25", ""},                                // S
    {"ValidateProxyRedirects", "v1.12", "v1.24"},                          // R
    {"ValidatingAdmissionPolicy", "v1.26", "v1.31"},                       // S~
    {"VolumeAttributesClass", "v1.29", ""},                                // S
    {"VolumeCapacityPriority", "v1.21", "v1.32"},                          // W
    {"VolumeLimitScaling", "v1.35", ""},                                   // S
    {"VolumePVCDataSource", "v1.15", "v1.21"},                             // R
    {"VolumeScheduling", "v1.9", "v1.16"},                                 // R
    {"VolumeSnapshotDataSource", "v1.12", "v1.22"},                        // R
    {"VolumeSubpath", "v1.10", "v1.24"},                                   // R
    {"VolumeSubpathEnvExpansion", "v1.14", "v1.24"},                       // R
    {"WarningHeaders", "v1.19", "v1.24"},                                  // R
    {"WatchBookmark", "v1.15", "v1.32"},                                   // W
    {"WatchCacheInitializationPostStartHook", "v1.31", ""},                // S
    {"WatchFromStorageWithoutResourceVersion", "v1.27", ""},               // S
    {"WatchList", "v1.27", ""},                                            // S
    {"WatchListClient", "v1.30", "", true},                                // C
    {"WinDSR", "v1.14", "", true},                                         // S
    {"WinOverlay", "v1.14", "", true},                                     // S
    {"WindowsCPUAndMemoryAffinity", "v1.32", ""},                          // S
    {"WindowsEndpointSliceProxying", "v1.19", "v1.24", true},              // R
    {"WindowsGMSA", "v1.14", "v1.20"},                                     // R
    {"WindowsGracefulNodeShutdown", "v1.32", ""},                          // S
    {"WindowsHostNetwork", "v1.26", ""},                                   // S
    {"WindowsHostProcessContainers", "v1.22", "v1.27"},                    // W
    {"WindowsRunAsUserName", "v1.16", "v1.20"},                            // R
    {"WorkloadAwarePreemption", "v1.36", ""},                              // S~
    {"WorkloadWithJob", "v1.36", ""},                                      // S~
    {"ZeroLimitedNominalConcurrencyShares", "v1.29", "v1.31"},             // S~

};

// kubeadm's gates: cmd/kubeadm/app/features/features.go as stored for
// v1.9-dev, v1.12, v1.14, v1.19-v1.21, v1.22 and v1.30, and the website's
// kubeadm-init.md tables (current, deprecated and removed gates).
constexpr GateHistory kKubeadmGates[] = {
    {"Auditing", "v1.10", "v1.13"},  // ~ alpha by v1.12; gone by v1.14
    {"ControlPlaneKubeletLocalMode", "v1.31", ""},
    {"CoreDNS", "v1.9", "v1.12"},               // deprecated, refused, from v1.13
    {"DynamicKubeletConfig", "v1.9", "v1.13"},  // ~ beta in v1.11; gone by v1.14
    {"EtcdLearnerMode", "v1.27", "v1.32"},
    {"HighAvailability", "v1.9", "v1.12"},
    {"IPv6DualStack", "v1.16", "v1.23"},
    {"NodeLocalCRISocket", "v1.32", ""},
    {"PublicKeysECDSA", "v1.19", ""},       // deprecated since v1.31
    {"RootlessControlPlane", "v1.22", ""},  // deprecated since v1.31
    {"SelfHosting", "v1.8", "v1.12"},
    {"StoreCertsInSecrets", "v1.8", "v1.12"},
    // Only kubeadm v1.9's pre-releases (not in a stored released
    // features.go); handled as mode intent before this table is consulted.
    {"SupportIPVSProxyMode", "v1.9", "v1.9"},
    {"UnversionedKubeletConfigMap", "v1.22", "v1.25"},
    {"UpgradeAddonsBeforeControlPlane", "v1.28", "v1.30"},
    {"WaitForAllControlPlaneComponents", "v1.30", ""},
};

}  // namespace

std::span<const GateHistory> KubernetesGateHistory() { return kKubernetesGates; }

std::span<const GateHistory> KubeadmGateHistory() { return kKubeadmGates; }

const GateHistory* FindGate(std::span<const GateHistory> table, std::string_view name) {
  auto it = std::lower_bound(table.begin(), table.end(), name,
                             [](const GateHistory& g, std::string_view n) { return g.name < n; });
  return it != table.end() && it->name == name ? &*it : nullptr;
}

}  // namespace ki::config
