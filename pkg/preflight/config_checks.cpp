// The guide's first two steps, answered from the resolved configuration.
#include "pkg/preflight/checks.h"

namespace ki::preflight {
namespace {

class FeatureGateCheck final : public Check {
 public:
  explicit FeatureGateCheck(ProxySettings s) : s_(std::move(s)) {}
  std::string Name() const override { return "SupportIPVSProxyMode"; }
  std::string Title() const override { return "Feature gate SupportIPVSProxyMode"; }
  std::vector<Finding> Run() override {
    Finding f{Name(), CheckState::kOk, "", s_.mode_source, ""};
    f.message =
        "not needed: the gate was kube-proxy's switch for IPVS mode in v1.9-v1.10; IPVS mode "
        "is GA since v1.11 and kubeadm-ipvs reads any SupportIPVSProxyMode=true (flag, kubeadm "
        "featureGates, kubeProxy.config.featureGates) as mode: ipvs";
    return {f};
  }

 private:
  ProxySettings s_;
};

class ProxyModeCheck final : public Check {
 public:
  explicit ProxyModeCheck(ProxySettings s) : s_(std::move(s)) {}
  std::string Name() const override { return "ProxyMode"; }
  std::string Title() const override { return "Proxy mode is ipvs"; }
  std::vector<Finding> Run() override {
    Finding f{Name(), CheckState::kOk, "mode: " + s_.mode, s_.mode_source, ""};
    if (s_.mode != "ipvs") {
      f.state = CheckState::kFailing;
      f.message = "the proxy mode is " + s_.mode + ", so IPVS is not used";
      f.fix =
          "set mode: ipvs in the KubeProxyConfiguration document (kubeProxy.config.mode for "
          "kubeadm.k8s.io/v1alpha1 and v1alpha2), or drop the setting that asks for " +
          s_.mode;
    }
    return {f};
  }

 private:
  ProxySettings s_;
};

}  // namespace

std::unique_ptr<Check> NewFeatureGateCheck(const ProxySettings& settings) {
  return std::make_unique<FeatureGateCheck>(settings);
}

std::unique_ptr<Check> NewProxyModeCheck(const ProxySettings& settings) {
  return std::make_unique<ProxyModeCheck>(settings);
}

}  // namespace ki::preflight
