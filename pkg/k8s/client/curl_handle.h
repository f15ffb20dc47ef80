// RAII owners for libcurl handles. Private to the curl adapter: nothing
// outside http_client_curl.cpp includes curl. Not thread-safe (curl easy
// handles are used by one thread at a time).
#pragma once

#include <curl/curl.h>

#include <memory>

#include "pkg/base/status.h"

namespace ki::k8s::client {

struct CurlEasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlSlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// A header list that owns its nodes.
class CurlHeaders {
 public:
  CurlHeaders() = default;
  // Returns false when curl could not allocate.
  bool Append(const char* line) {
    curl_slist* next = curl_slist_append(list_.get(), line);
    if (next == nullptr) {
      return false;
    }
    (void)list_.release();  // curl_slist_append returned the same head, now extended
    list_.reset(next);
    return true;
  }
  curl_slist* get() const { return list_.get(); }

 private:
  std::unique_ptr<curl_slist, CurlSlistDeleter> list_;
};

// Initialises libcurl once per process (curl_global_init is not thread-safe
// before 7.84, so it runs under std::call_once).
Status EnsureCurlGlobalInit();

// A new easy handle, or Internal when curl cannot allocate one.
Result<CurlEasy> NewCurlEasy();

}  // namespace ki::k8s::client
