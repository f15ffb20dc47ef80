#include "tests/k8s_api/test_api_server.h"

#include <httplib.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <optional>

namespace ki::k8s::testapi {
namespace {

const char* kTokenUser = "system:serviceaccount:kube-system:kube-proxy";

std::string Line(const std::string& type, const nlohmann::json& object) {
  return nlohmann::json{{"type", type}, {"object", object}}.dump() + "\n";
}

void SendStatus(httplib::Response& res, int code, const std::string& reason,
                const std::string& message) {
  res.status = code;
  res.set_content(StatusBody(code, reason, message).dump(), "application/json");
}

void SendResult(httplib::Response& res, const ObjectResult& result) {
  res.status = result.code;
  res.set_content(result.body.dump(), "application/json");
}

// A namespaced collection is the cluster-wide one restricted to a namespace.
Selector WithNamespace(Selector fields, const ResourcePath& path) {
  if (!path.namespace_name.empty()) {
    fields.clauses.push_back({"metadata.namespace", path.namespace_name, Selector::Clause::kEq});
  }
  return fields;
}

// The RBAC verb a request needs.
std::string VerbOf(const httplib::Request& req, const ResourcePath& path) {
  if (req.method == "POST") return "create";
  if (req.method == "PUT") return "update";
  if (req.method == "DELETE") return "delete";
  if (!path.name.empty()) return "get";
  const std::string watch = req.get_param_value("watch");
  return watch == "true" || watch == "1" ? "watch" : "list";
}

std::optional<std::string> PeerCommonName(const SSL* ssl) {
  if (ssl == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) {
    return std::nullopt;
  }
  X509* cert = SSL_get0_peer_certificate(ssl);
  if (cert == nullptr) {
    return std::nullopt;
  }
  char cn[256] = {};
  if (X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn) <= 0) {
    return std::nullopt;
  }
  return std::string(cn);
}

}  // namespace

struct TestApiServer::WatchStream {
  std::string resource;
  Selector labels;
  Selector fields;
  bool bookmarks = false;
  int64_t after = 0;
  std::vector<StoredEvent> initial;
  std::optional<Fault> fault;
  std::chrono::steady_clock::time_point deadline;
  std::chrono::steady_clock::time_point last_write;
  int stall_generation = 0;
  int watch_generation = 0;
  bool finished = false;
};

TestApiServer::TestApiServer(ServerOptions options) : options_(std::move(options)) {}

TestApiServer::~TestApiServer() { Stop(); }

bool TestApiServer::Start() {
  server_ = std::make_unique<httplib::SSLServer>([this](SSL_CTX& ctx) {
    if (SSL_CTX_use_certificate_chain_file(&ctx, options_.cert_file.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(&ctx, options_.key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
      return false;
    }
    if (!options_.client_ca_file.empty()) {
      // Verify a client certificate when one is offered, but allow none:
      // bearer-token clients connect without (Go's VerifyClientCertIfGiven).
      if (SSL_CTX_load_verify_locations(&ctx, options_.client_ca_file.c_str(), nullptr) != 1) {
        return false;
      }
      SSL_CTX_set_client_CA_list(&ctx, SSL_load_client_CA_file(options_.client_ca_file.c_str()));
      SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER, nullptr);
      // Needed for TLS session resumption when peers are verified; without
      // it a client's second connection fails its handshake.
      static const unsigned char kContext[] = "ki-test-apiserver";
      SSL_CTX_set_session_id_context(&ctx, kContext, sizeof kContext - 1);
    }
    return true;
  });
  if (!server_->is_valid()) {
    return false;
  }
  // Each watch holds a worker thread; allow plenty of them.
  server_->new_task_queue = [] { return new httplib::ThreadPool(64); };
  // As a Go server: without it, a response written in two pieces waits for
  // the client's delayed ACK (40ms a request).
  server_->set_tcp_nodelay(true);
  // Every API path; ParseResourcePath decides what it names (404 otherwise).
  const char* kApiPath = R"(/apis?/.+)";
  const auto get = [this](const httplib::Request& req, httplib::Response& res) {
    HandleGet(req, res);
  };
  const auto write = [this](const httplib::Request& req, httplib::Response& res) {
    HandleWrite(req, res);
  };
  server_->Get(kApiPath, get);
  server_->Post(kApiPath, write);
  server_->Put(kApiPath, write);
  server_->Delete(kApiPath, write);
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) {
    return false;
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  for (int i = 0; i < 500 && !server_->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return server_->is_running();
}

void TestApiServer::Stop() {
  if (!server_) {
    return;
  }
  stopping_ = true;
  ReleaseStalls();
  server_->stop();
  if (thread_.joinable()) {
    thread_.join();
  }
  server_.reset();
}

void TestApiServer::InjectFault(Target target, Fault fault, int count) {
  std::lock_guard<std::mutex> lock(mu_);
  for (int i = 0; i < count; ++i) {
    faults_.emplace_back(target, fault);
  }
}

void TestApiServer::ReleaseStalls() {
  ++stall_generation_;
  state_.WakeAll();
}

void TestApiServer::EndWatches() {
  ++watch_generation_;
  state_.WakeAll();
}

void TestApiServer::SetTokens(std::set<std::string> tokens) {
  std::lock_guard<std::mutex> lock(mu_);
  options_.tokens = std::move(tokens);
}

bool TestApiServer::TakeFault(Target target, Fault* fault, bool concurrent_write_applies) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (it->first == target &&
        (concurrent_write_applies || it->second != Fault::kConcurrentWrite)) {
      *fault = it->second;
      faults_.erase(it);
      ++faults_fired_;
      return true;
    }
  }
  return false;
}

std::optional<ResourcePath> TestApiServer::Admit(const httplib::Request& req,
                                                 httplib::Response& res) {
  std::optional<ResourcePath> path = ParseResourcePath(req.path);
  if (!path) {
    SendStatus(res, 404, "NotFound", "the server could not find the requested resource");
    return std::nullopt;
  }
  if (!Authorize(req, res, VerbOf(req, *path), *path)) {
    return std::nullopt;
  }
  return path;
}

bool TestApiServer::Authorize(const httplib::Request& req, httplib::Response& res,
                              const std::string& verb, const ResourcePath& path) {
  std::optional<std::string> user;
  const std::string auth = req.get_header_value("Authorization");
  if (!auth.empty()) {
    std::lock_guard<std::mutex> lock(mu_);
    const bool bearer = auth.rfind("Bearer ", 0) == 0;
    if (bearer && options_.tokens.count(auth.substr(7)) != 0) {
      user = kTokenUser;
    }
  } else {
    user = PeerCommonName(req.ssl);
  }
  if (!user) {
    SendStatus(res, 401, "Unauthorized", "Unauthorized");
    return false;
  }
  if (options_.forbidden_users.count(*user) != 0) {
    // The RBAC authorizer's words, as the real server sends them.
    const ResourceInfo& info = *path.info;
    const std::string object =
        path.name.empty() ? info.qualified() : info.qualified() + " \"" + path.name + "\"";
    const std::string scope = path.namespace_name.empty()
                                  ? "at the cluster scope"
                                  : "in the namespace \"" + path.namespace_name + "\"";
    nlohmann::json details = {{"name", path.name}, {"kind", info.resource}};
    if (!info.group().empty()) details["group"] = info.group();
    res.status = 403;
    res.set_content(StatusBody(403, "Forbidden",
                               object + " is forbidden: User \"" + *user + "\" cannot " + verb +
                                   " resource \"" + info.resource + "\" in API group \"" +
                                   info.group() + "\" " + scope,
                               std::move(details))
                        .dump(),
                    "application/json");
    return false;
  }
  return true;
}

void TestApiServer::HandleGet(const httplib::Request& req, httplib::Response& res) {
  const std::optional<ResourcePath> path = Admit(req, res);
  if (!path) {
    return;
  }
  if (!path->name.empty()) {
    return SendResult(res, state_.Get(path->info->resource, path->namespace_name, path->name));
  }
  const std::string watch = req.get_param_value("watch");
  if (watch == "true" || watch == "1") {
    ++watch_requests_;
    HandleWatch(req, res, *path);
  } else {
    ++list_requests_;
    {
      std::lock_guard<std::mutex> lock(mu_);
      list_accept_encoding_ = req.get_header_value("Accept-Encoding");
    }
    HandleList(req, res, *path);
  }
}

void TestApiServer::HandleWrite(const httplib::Request& req, httplib::Response& res) {
  const std::optional<ResourcePath> path = Admit(req, res);
  if (!path) {
    return;
  }
  ++write_requests_;
  const std::string& resource = path->info->resource;
  const bool create = req.method == "POST";
  if (create != path->name.empty()) {
    return SendStatus(res, 405, "MethodNotAllowed",
                      "the server does not allow this method on the requested resource");
  }
  Fault fault{};
  if (TakeFault(Target::kWrite, &fault, req.method == "PUT")) {
    if (fault == Fault::kStatus500) {
      return SendStatus(res, 500, "InternalError", "Internal error occurred: injected fault");
    }
    if (fault == Fault::kStatus429) {
      res.set_header("Retry-After", "1");
      return SendStatus(res, 429, "TooManyRequests", "Too many requests, please try again later.");
    }
    ObjectResult current = state_.Get(resource, path->namespace_name, path->name);
    if (current.code == 200) {
      state_.Upsert(resource, std::move(current.body));  // a new resourceVersion
    }
  }
  if (req.method == "DELETE") {
    return SendResult(res, state_.Remove(resource, path->namespace_name, path->name));
  }
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    return SendStatus(res, 400, "BadRequest", "the request body is not valid JSON");
  }
  SendResult(res,
             create ? state_.Create(resource, path->namespace_name, std::move(body))
                    : state_.Replace(resource, path->namespace_name, path->name, std::move(body)));
}

void TestApiServer::HandleList(const httplib::Request& req, httplib::Response& res,
                               const ResourcePath& path) {
  Fault fault{};
  const bool faulty = TakeFault(Target::kList, &fault);
  if (faulty && fault == Fault::kStatus500) {
    return SendStatus(res, 500, "InternalError", "Internal error occurred: injected fault");
  }
  if (faulty && fault == Fault::kStatus429) {
    res.set_header("Retry-After", "1");
    return SendStatus(res, 429, "TooManyRequests", "Too many requests, please try again later.");
  }
  ListRequest lr;
  lr.resource = path.info->resource;
  lr.limit = req.has_param("limit") ? std::stoll(req.get_param_value("limit")) : 0;
  lr.continue_token = req.get_param_value("continue");
  const auto labels = ParseSelector(req.get_param_value("labelSelector"));
  const auto fields = ParseSelector(req.get_param_value("fieldSelector"));
  if (!labels || !fields) {
    return SendStatus(res, 400, "BadRequest", "unable to parse requirement");
  }
  lr.labels = *labels;
  lr.fields = WithNamespace(*fields, path);
  ListResult result = state_.List(lr);
  res.status = result.outcome == ListResult::kOk        ? 200
               : result.outcome == ListResult::kExpired ? 410
                                                        : 400;
  std::string body = result.body.dump();
  if (faulty && fault == Fault::kTruncatedJson) {
    body.resize(body.size() / 2);
  }
  res.set_content(body, "application/json");
}

void TestApiServer::HandleWatch(const httplib::Request& req, httplib::Response& res,
                                const ResourcePath& path) {
  auto w = std::make_shared<WatchStream>();
  Fault fault{};
  if (TakeFault(Target::kWatch, &fault)) {
    if (fault == Fault::kStatus500) {
      return SendStatus(res, 500, "InternalError", "Internal error occurred: injected fault");
    }
    if (fault == Fault::kStatus429) {
      res.set_header("Retry-After", "1");
      return SendStatus(res, 429, "TooManyRequests", "Too many requests, please try again later.");
    }
    w->fault = fault;
  }
  const auto labels = ParseSelector(req.get_param_value("labelSelector"));
  const auto fields = ParseSelector(req.get_param_value("fieldSelector"));
  if (!labels || !fields) {
    return SendStatus(res, 400, "BadRequest", "unable to parse requirement");
  }
  w->resource = path.info->resource;
  w->labels = *labels;
  w->fields = WithNamespace(*fields, path);
  w->bookmarks = req.get_param_value("allowWatchBookmarks") == "true";
  if (w->fault == Fault::kGone410) {
    return SendStatus(res, 410, "Expired",
                      "too old resource version: " + req.get_param_value("resourceVersion"));
  }
  const std::string rv = req.get_param_value("resourceVersion");
  if (rv.empty() || rv == "0") {
    w->initial = state_.InitialEvents(w->resource, w->labels, w->fields, &w->after);
  } else {
    w->after = std::stoll(rv);  // too old: StreamWatch answers with an ERROR event
  }
  const int timeout =
      req.has_param("timeoutSeconds") ? std::stoi(req.get_param_value("timeoutSeconds")) : 1800;
  w->deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout);
  w->last_write = std::chrono::steady_clock::now();
  w->stall_generation = stall_generation_.load();
  w->watch_generation = watch_generation_.load();
  res.set_chunked_content_provider("application/json", [this, w](size_t, httplib::DataSink& sink) {
    std::string out;
    const bool keep = StreamWatch(*w, out);
    if (!out.empty() && !sink.write(out.data(), out.size())) {
      return false;
    }
    if (!keep) {
      return false;  // close without the last chunk
    }
    if (w->finished) {
      sink.done();
    }
    return true;
  });
}

// Produces the next piece of a watch stream into out. Returns false to
// close the connection abruptly after out is written.
bool TestApiServer::StreamWatch(WatchStream& w, std::string& out) {
  using Clock = std::chrono::steady_clock;
  if (stopping_) {
    w.finished = true;
    return true;
  }
  if (w.fault == Fault::kStall) {
    while (!stopping_ && stall_generation_.load() == w.stall_generation) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
  if (!w.initial.empty()) {
    for (const auto& e : w.initial) {
      out += Line(e.type, e.object);
    }
    w.initial.clear();
    w.last_write = Clock::now();
    return true;
  }
  const auto now = Clock::now();
  if (now >= w.deadline || watch_generation_.load() != w.watch_generation) {
    w.finished = true;  // timeoutSeconds: the server ends the watch cleanly
    return true;
  }
  const auto wait =
      std::min(options_.bookmark_interval,
               std::chrono::duration_cast<std::chrono::milliseconds>(w.deadline - now));
  bool expired = false;
  int64_t scanned = 0;
  std::vector<StoredEvent> events =
      state_.EventsAfter(w.resource, w.after, wait, &expired, &scanned);
  if (expired) {
    out = Line("ERROR", StatusBody(410, "Expired",
                                   "too old resource version: " + std::to_string(w.after) + " (" +
                                       std::to_string(state_.compacted_rv()) + ")"));
    w.finished = true;
    return true;
  }
  w.after = scanned;
  for (const auto& e : events) {
    if (!MatchesLabels(w.labels, e.object) || !MatchesFields(w.fields, e.object)) {
      continue;
    }
    const std::string line = Line(e.type, e.object);
    if (w.fault == Fault::kDropMidEvent) {
      out += line.substr(0, line.size() / 2);
      return false;
    }
    if (w.fault == Fault::kTruncatedJson) {
      out += line.substr(0, line.size() / 2) + "\n";
      w.finished = true;
      return true;
    }
    out += line;
  }
  if (!out.empty()) {
    w.last_write = Clock::now();
  } else if (w.bookmarks && Clock::now() - w.last_write >= options_.bookmark_interval) {
    nlohmann::json object = {{"kind", KindOf(w.resource)},
                             {"apiVersion", ApiVersionOf(w.resource)},
                             {"metadata", {{"resourceVersion", std::to_string(w.after)}}}};
    out = Line("BOOKMARK", object);
    w.last_write = Clock::now();
  }
  return true;
}

}  // namespace ki::k8s::testapi
