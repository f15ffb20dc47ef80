// libFuzzer target: one services-dir file as the proxy reads it (the YAML
// input checks, then the strict decode) must never crash, hang or leak on any
// input, and a check or decode cancelled part way (the proxy stopping) must
// unwind cleanly too.
// The first byte picks after how many cancellation checks it stops (0: never).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pkg/daemon/services_dir.h"
#include "pkg/k8s/decode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int stop_after = data[0] % 4;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  int checks = 0;
  ki::k8s::DecodeOptions options;
  options.strict = true;
  if (stop_after != 0) options.cancelled = [&] { return ++checks > stop_after; };
  if (!ki::daemon::CheckServicesText(text, "fuzz.yaml", options.cancelled).ok()) return 0;
  ki::Result<ki::k8s::DecodedObjects> r = ki::k8s::DecodeManifests(text, "fuzz.yaml", options);
  // Every object has its position.
  if (r.ok() && r->where.size() != r->objects.size()) __builtin_trap();
  return 0;
}
