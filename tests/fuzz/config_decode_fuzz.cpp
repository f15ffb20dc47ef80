// libFuzzer target: the whole configuration pipeline (YAML checks, decoding,
// mode resolution, defaults, validation, and re-emission of what decoded)
// must never crash, hang or leak on any input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pkg/config/emit.h"
#include "pkg/config/load.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ki::config::LoadedConfig loaded = ki::config::LoadConfigText(text, "fuzz.yaml", {});
  if (loaded.ok()) {
    // What decoded must emit and decode again.
    std::string out =
        ki::config::EmitV1Beta4(loaded.config, ki::config::ProxyDocument::kNonDefault);
    ki::config::LoadedConfig again = ki::config::LoadConfigText(out, "re.yaml", {});
    if (!again.ok()) __builtin_trap();
  }
  return 0;
}
