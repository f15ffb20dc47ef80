#include "pkg/k8s/client/kubeconfig.h"

#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "pkg/base/file_read.h"
#include "pkg/base/quote.h"
#include "pkg/config/yaml_input.h"
#include "pkg/k8s/client/base64.h"

namespace ki::k8s::client {
namespace {

constexpr config::YamlTextKind kKubeconfigText{
    "a kubeconfig", "a kubeconfig is a mapping (apiVersion: v1, kind: Config, clusters: ...)"};

// A name from the kubeconfig as it is when it prints cleanly, else quoted.
std::string Shown(std::string_view name) { return QuotePath(name); }

// The scalar at node[key], or "" (also when node is not a mapping).
std::string Str(const YAML::Node& node, const char* key) {
  if (!node.IsMap()) return std::string();
  const YAML::Node v = node[key];
  return v && v.IsScalar() ? v.Scalar() : std::string();
}

// Finds the entry `name` in a named list (clusters/users/contexts) and
// returns its inner map (entry[inner]).
Result<YAML::Node> FindNamed(const YAML::Node& root, const char* list, const char* inner,
                             const std::string& name) {
  const YAML::Node entries = root[list];
  if (entries && !entries.IsSequence() && !entries.IsNull()) {
    return Status::InvalidConfig(std::string(list) + " is not a list");
  }
  std::string kind(list);
  kind.pop_back();  // "clusters" -> "cluster"
  for (const auto& entry : entries) {
    if (!entry.IsMap() || Str(entry, "name") != name) continue;
    YAML::Node body = entry[inner];
    if (!body || body.IsNull()) return YAML::Node(YAML::NodeType::Map);
    if (!body.IsMap()) {
      return Status::InvalidConfig(kind + " " + Quote(name) + ": " + inner + " is not a mapping");
    }
    return body;
  }
  return Status::InvalidConfig(kind + " " + Quote(name) + " not found");
}

std::string ResolvePath(const std::string& base_dir, const std::string& file) {
  if (file.empty() || std::filesystem::path(file).is_absolute()) {
    return file;
  }
  return (std::filesystem::path(base_dir) / file).lexically_normal().string();
}

// Reads "<key>-data" (base64) or the file named by "<key>"; the data form
// wins, as in client-go.
Result<std::string> DataOrFile(const YAML::Node& node, const std::string& key,
                               const std::string& base_dir) {
  const std::string data = Str(node, (key + "-data").c_str());
  const std::string file = Str(node, key.c_str());
  if (!data.empty()) {
    if (!file.empty()) {
      spdlog::warn("kubeconfig: both {} and {}-data are set; using {}-data", key, key, key);
    }
    Result<std::string> decoded = DecodeBase64(data);
    if (!decoded.ok()) {
      return decoded.status().Wrap(key + "-data");
    }
    return decoded;
  }
  if (file.empty()) {
    return std::string();
  }
  const std::string what = "a " + key + " file";
  Result<std::string> content =
      ReadRegularFile(ResolvePath(base_dir, file), FileLimit{kMaxCredentialBytes, what});
  if (!content.ok()) {
    return Status::InvalidConfig(key + ": read " + content.status().message());
  }
  return content;
}

Status ApplyCluster(const YAML::Node& cluster, const std::string& base_dir, RestConfig& out) {
  out.server = Str(cluster, "server");
  if (out.server.empty()) {
    return Status::InvalidConfig("no server found");
  }
  if (out.server.rfind("https://", 0) != 0 && out.server.rfind("http://", 0) != 0) {
    return Status::InvalidConfig("server " + Quote(out.server) + " is not an http(s) URL");
  }
  while (out.server.size() > 8 && out.server.back() == '/') {
    out.server.pop_back();
  }
  if (const YAML::Node skip = cluster["insecure-skip-tls-verify"]; skip && !skip.IsNull()) {
    bool value = false;
    if (!skip.IsScalar() || !YAML::convert<bool>::decode(skip, value)) {
      return Status::InvalidConfig("insecure-skip-tls-verify: expected true or false");
    }
    out.insecure_skip_tls_verify = value;
  }
  Result<std::string> ca = DataOrFile(cluster, "certificate-authority", base_dir);
  if (!ca.ok()) {
    return ca.status();
  }
  out.ca_pem = std::move(*ca);
  if (out.insecure_skip_tls_verify && !out.ca_pem.empty()) {
    // client-go refuses this combination: it is always a mistake.
    return Status::InvalidConfig(
        "specifying a root certificates file with the insecure flag is not allowed");
  }
  return Status::Ok();
}

Status RejectPlugins(const YAML::Node& user) {
  if (const YAML::Node exec = user["exec"]; exec) {
    return Status::InvalidConfig("exec credential plugin (command " + Quote(Str(exec, "command")) +
                                 ") is not supported by kubeadm-ipvs; use a token, tokenFile "
                                 "or client certificate instead");
  }
  if (user["auth-provider"]) {
    return Status::InvalidConfig(
        "auth-provider plugins are not supported by kubeadm-ipvs; use a token, tokenFile or "
        "client certificate instead");
  }
  return Status::Ok();
}

Status ApplyUser(const YAML::Node& user, const std::string& base_dir, RestConfig& out) {
  KI_RETURN_IF_ERROR(RejectPlugins(user));
  Result<std::string> cert = DataOrFile(user, "client-certificate", base_dir);
  if (!cert.ok()) {
    return cert.status();
  }
  Result<std::string> key = DataOrFile(user, "client-key", base_dir);
  if (!key.ok()) {
    return key.status();
  }
  if (cert->empty() != key->empty()) {
    return Status::InvalidConfig("client-certificate and client-key must be set together");
  }
  out.client_cert_pem = std::move(*cert);
  out.client_key_pem = std::move(*key);
  out.token = Str(user, "token");
  out.token_file = ResolvePath(base_dir, Str(user, "tokenFile"));
  if (!out.token_file.empty()) {
    // Fail early on a missing file; later reads happen per request.
    Result<std::string> token =
        ReadRegularFile(out.token_file, FileLimit{kMaxCredentialBytes, "a tokenFile"});
    if (!token.ok()) {
      return Status::InvalidConfig("tokenFile: read " + token.status().message());
    }
  }
  return Status::Ok();
}

Result<RestConfig> Resolve(const YAML::Node& root, const std::string& path,
                           const KubeconfigOptions& options) {
  const std::string base_dir = std::filesystem::path(path).parent_path().string();
  std::string context_name =
      options.context.empty() ? Str(root, "current-context") : options.context;
  if (context_name.empty()) {
    return Status::InvalidConfig("no current-context is set and no context was given");
  }
  Result<YAML::Node> context = FindNamed(root, "contexts", "context", context_name);
  if (!context.ok()) {
    return context.status();
  }
  const std::string cluster_name = Str(*context, "cluster");
  const std::string user_name = Str(*context, "user");
  RestConfig out;
  out.source = "kubeconfig " + QuotePath(path) + " (context " + Shown(context_name) + ", user " +
               (user_name.empty() ? "<none>" : Shown(user_name)) + ")";
  Result<YAML::Node> cluster = FindNamed(root, "clusters", "cluster", cluster_name);
  if (!cluster.ok()) {
    return cluster.status().Wrap("context " + Quote(context_name));
  }
  KI_RETURN_IF_ERROR(ApplyCluster(*cluster, base_dir, out).Wrap("cluster " + Quote(cluster_name)));
  if (!user_name.empty()) {
    Result<YAML::Node> user = FindNamed(root, "users", "user", user_name);
    if (!user.ok()) {
      return user.status().Wrap("context " + Quote(context_name));
    }
    KI_RETURN_IF_ERROR(ApplyUser(*user, base_dir, out).Wrap("user " + Quote(user_name)));
  }
  if (out.insecure_skip_tls_verify) {
    spdlog::warn(
        "{}: insecure-skip-tls-verify is set: the API server's certificate is not "
        "verified",
        QuotePath(path));
  }
  return out;
}

}  // namespace

std::string DescribeCredentials(const RestConfig& config) {
  std::string what;
  if (!config.token_file.empty()) {
    what = "bearer token from file " + QuotePath(config.token_file);
  } else if (!config.token.empty()) {
    what = "static bearer token";
  }
  if (!config.client_cert_pem.empty()) {
    what += what.empty() ? "client certificate" : " and client certificate";
  }
  if (what.empty()) {
    what = "no credentials";
  }
  return what + (config.source.empty() ? "" : " from " + config.source);
}

Result<RestConfig> ParseKubeconfig(std::string_view text, const std::string& path,
                                   const KubeconfigOptions& options) {
  if (text.size() > kMaxKubeconfigBytes) {
    return Status::InvalidConfig(QuotePath(path) + ": is larger than " +
                                 FormatByteSize(kMaxKubeconfigBytes) +
                                 ", the most read for a kubeconfig");
  }
  // libyaml's check first: yaml-cpp must never see text it can hang on.
  KI_RETURN_IF_ERROR(config::CheckYamlText(text, path, kKubeconfigText));
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    if (!root.IsMap()) {
      return Status::InvalidConfig(QuotePath(path) + ": not a kubeconfig (expected a mapping)");
    }
    Result<RestConfig> config = Resolve(root, path, options);
    if (!config.ok()) {
      return config.status().Wrap(QuotePath(path));
    }
    return config;
  } catch (const YAML::Exception& e) {
    return Status::InvalidConfig(QuotePath(path) + ":" + std::to_string(e.mark.line + 1) + ":" +
                                 std::to_string(e.mark.column + 1) + ": " + QuotePath(e.msg));
  }
}

Result<RestConfig> LoadKubeconfig(const std::string& path, const KubeconfigOptions& options) {
  Result<std::string> text = ReadRegularFile(path, FileLimit{kMaxKubeconfigBytes, "a kubeconfig"});
  if (!text.ok()) {
    // "kubeconfig: read <path>: <why>"; every error is a configuration error.
    return Status::InvalidConfig("kubeconfig: read " + text.status().message());
  }
  return ParseKubeconfig(*text, path, options);
}

}  // namespace ki::k8s::client
