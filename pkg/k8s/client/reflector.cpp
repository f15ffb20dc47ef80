#include "pkg/k8s/client/reflector.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>

#include "pkg/k8s/client/api_response.h"
#include "pkg/k8s/client/watch_event.h"

namespace ki::k8s::client {
namespace {

std::function<double()> DefaultUniform() {
  auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
  return [engine] { return std::uniform_real_distribution<double>(0, 1)(*engine); };
}

}  // namespace

Reflector::Reflector(ResourceSpec spec, std::unique_ptr<HttpClient> http, TokenBucket* limiter,
                     Clock& clock, ReflectorOptions options, std::function<double()> uniform01)
    : spec_(std::move(spec)),
      http_(std::move(http)),
      limiter_(limiter),
      clock_(clock),
      options_(options),
      uniform01_(uniform01 ? std::move(uniform01) : DefaultUniform()),
      backoff_(options.backoff, uniform01_) {}

bool Reflector::Throttle(const StopSignal& stop) {
  return limiter_ == nullptr ? !stop.stopped() : limiter_->Acquire(stop);
}

void Reflector::Normalize(nlohmann::json& object) const {
  if (!object.contains("kind")) {
    object["kind"] = spec_.kind;
  }
  if (!object.contains("apiVersion")) {
    object["apiVersion"] = spec_.api_version;
  }
}

Reflector::Outcome Reflector::FromResponse(const std::string& what,
                                           const Result<HttpResponse>& response) {
  Outcome out;
  if (!response.ok()) {
    out.kind = Outcome::kFailed;
    out.status = response.status();
    return out;
  }
  if (response->status == 410) {
    out.kind = Outcome::kExpired;
    return out;
  }
  if (response->status < 200 || response->status >= 300) {
    out.kind = Outcome::kFailed;
    out.status = ErrorFromResponse(what, *response, http_->DescribeCredentials());
    if (response->status == 429 || response->status == 503) {
      out.retry_after = response->retry_after.value_or(std::chrono::seconds(1));
    }
  }
  return out;
}

Reflector::Outcome Reflector::ListPages(const StopSignal& stop, EventSink& sink, ObjectStore& fresh,
                                        std::string& rv) {
  std::string continue_token;
  do {
    if (!Throttle(stop)) {
      return Outcome{Outcome::kFailed, Status::Unavailable("stopped")};
    }
    const std::string path = ListPath(spec_, options_.page_size, continue_token);
    std::string body;
    const BodySink body_sink = [&body](std::string_view chunk) {
      body.append(chunk);
      return true;
    };
    Result<HttpResponse> response = http_->Get(
        path, body_sink,
        RequestOptions{options_.list_page_timeout, std::chrono::seconds(0), &stop, true});
    Outcome out = FromResponse("list " + spec_.resource, response);
    if (out.kind != Outcome::kEnded) {
      return out;  // 410 here: the continue token expired; the caller lists afresh
    }
    Result<ListPage> page = ParseListPage(body);
    if (!page.ok()) {
      return Outcome{Outcome::kFailed, page.status().Wrap("list " + spec_.resource)};
    }
    body = std::string();
    // Each page's objects go to the sink as they come, and only their
    // versions are kept: the list never holds more than one page of JSON.
    // The store learns them at once, so a list that fails part way and is
    // retried reports again only what changed in between.
    for (auto& item : page->items) {
      Normalize(item);
      std::string key = ObjectKey(item);
      std::string version = ResourceVersionOf(item);
      auto [known, added] = store_.try_emplace(key, version);
      // resourceVersions are opaque: only equality means "unchanged".
      if (added) {
        sink.OnEvent(EventType::kAdded, item);
      } else if (known->second != version) {
        known->second = version;
        sink.OnEvent(EventType::kModified, item);
      }
      fresh.insert_or_assign(std::move(key), std::move(version));
    }
    if (continue_token.empty()) {
      rv = page->resource_version;  // every page of one list shares the first page's
    }
    continue_token = std::move(page->continue_token);
  } while (!continue_token.empty());
  return Outcome{};
}

Reflector::Outcome Reflector::List(const StopSignal& stop, EventSink& sink) {
  ObjectStore fresh;
  std::string rv;
  Outcome out = ListPages(stop, sink, fresh, rv);
  if (out.kind != Outcome::kEnded) {
    if (out.kind == Outcome::kExpired) {
      // An expired continue token: the next attempt starts a new list.
      out = Outcome{Outcome::kFailed,
                    Status::Unavailable("list " + spec_.resource + ": continue token expired")};
    }
    return out;
  }
  ++list_count_;
  ForEachDropped(store_, fresh, [&](const std::string& key, const std::string& version) {
    sink.OnEvent(EventType::kDeleted, Tombstone(spec_, key, version));
  });
  store_ = std::move(fresh);
  resource_version_ = std::move(rv);
  sink.OnSynced();
  return out;
}

Status Reflector::ListAndSync(const StopSignal& stop, EventSink& sink) {
  Outcome out = List(stop, sink);
  return out.kind == Outcome::kEnded ? Status::Ok() : out.status;
}

Status Reflector::OnWatchEvent(WatchEvent&& event, EventSink& sink, Outcome& outcome) {
  outcome.progress = true;
  if (event.type == EventType::kError) {
    const ApiStatus api = ParseApiStatus(event.object);
    if (api.code == 410 || api.reason == "Expired" || api.reason == "Gone") {
      outcome.kind = Outcome::kExpired;
      return Status::Unavailable("expired");  // ends the stream
    }
    outcome.kind = Outcome::kFailed;
    outcome.status = Status::Unavailable("watch " + spec_.resource + ": ERROR event: " +
                                         std::to_string(api.code) + " " + api.message);
    return outcome.status;
  }
  sink.OnProgress();
  std::string rv = ResourceVersionOf(event.object);
  if (event.type == EventType::kBookmark) {
    resource_version_ = std::move(rv);
    return Status::Ok();
  }
  Normalize(event.object);
  std::string key = ObjectKey(event.object);
  auto it = store_.find(key);
  if (event.type == EventType::kDeleted) {
    if (it != store_.end()) {
      store_.erase(it);
      sink.OnEvent(EventType::kDeleted, event.object);
    }
  } else {
    // The store decides ADDED vs MODIFIED, so a replayed event stays correct.
    const EventType type = it == store_.end() ? EventType::kAdded : EventType::kModified;
    store_.insert_or_assign(std::move(key), rv);
    sink.OnEvent(type, event.object);
  }
  resource_version_ = std::move(rv);
  return Status::Ok();
}

Reflector::Outcome Reflector::Watch(const StopSignal& stop, EventSink& sink) {
  Outcome outcome;
  if (!Throttle(stop)) {
    return Outcome{Outcome::kFailed, Status::Unavailable("stopped")};
  }
  ++watch_count_;
  const auto timeout = std::chrono::seconds(
      static_cast<int64_t>(options_.min_watch_timeout.count() * (1.0 + uniform01_())));
  WatchStreamParser parser(
      [&](WatchEvent&& e) { return OnWatchEvent(std::move(e), sink, outcome); });
  Status parse_error;
  const BodySink body = [&](std::string_view chunk) {
    parse_error = parser.Feed(chunk);
    return parse_error.ok();
  };
  spdlog::debug("watch {} from resourceVersion {}", spec_.resource, resource_version_);
  // The server ends the watch at `timeout`; the client's limit only catches
  // a server that does not.
  const RequestOptions req{timeout + std::chrono::seconds(30), options_.idle_timeout, &stop};
  Result<HttpResponse> response =
      http_->Get(WatchPath(spec_, resource_version_, static_cast<int>(timeout.count())), body, req);
  if (outcome.kind != Outcome::kEnded) {
    return outcome;  // an ERROR event decided it
  }
  if (!parse_error.ok()) {
    return Outcome{Outcome::kFailed, parse_error.Wrap("watch " + spec_.resource), {}, true};
  }
  Outcome from_response = FromResponse("watch " + spec_.resource, response);
  from_response.progress = outcome.progress;
  spdlog::debug(
      "watch {} ended at resourceVersion {} ({})", spec_.resource, resource_version_,
      response.ok() ? "HTTP " + std::to_string(response->status) : response.status().message());
  if (from_response.kind == Outcome::kEnded) {
    Status tail = parser.Finish();
    if (!tail.ok()) {
      from_response = Outcome{Outcome::kFailed, tail.Wrap("watch " + spec_.resource)};
    }
  }
  return from_response;
}

void Reflector::Wait(const Outcome& failed, const StopSignal& stop) {
  Duration delay = backoff_.Next();
  if (failed.retry_after) {
    delay = std::min<Duration>(*failed.retry_after, options_.max_retry_after);
  }
  clock_.SleepFor(delay, stop);
}

void Reflector::Run(const StopSignal& stop, EventSink& sink) {
  bool need_list = true;
  while (!stop.stopped()) {
    Outcome out = need_list ? List(stop, sink) : Watch(stop, sink);
    if (stop.stopped()) {
      return;
    }
    switch (out.kind) {
      case Outcome::kEnded:
        if (!need_list) sink.OnProgress();
        if (need_list || out.progress) {
          backoff_.Reset();
        } else {
          Wait(out, stop);  // a watch that ends at once, again and again, must not spin
        }
        need_list = false;
        break;
      case Outcome::kExpired:
        spdlog::info("watch {}: resourceVersion {} expired; relisting", spec_.resource,
                     resource_version_);
        need_list = true;
        break;
      case Outcome::kFailed:
        if (out.progress) {
          backoff_.Reset();
        }
        spdlog::warn("{}", out.status.message());
        sink.OnError(out.status);
        Wait(out, stop);
        break;
    }
  }
}

}  // namespace ki::k8s::client
