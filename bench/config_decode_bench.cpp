// Decode time of configuration files (pkg/config) at the sizes a user can hand
// the tool: every corpus shape is a few KiB, so what is measured here is the
// worst a 1 MiB file (the input cap) can cost — one document of unknown keys,
// each getting a suggestion, in a version that matches keys exactly and in
// v1alpha1, which matches them in any case.
// Run: config_decode_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <string>

#include "pkg/config/load.h"
#include "pkg/config/yaml_input.h"

namespace {

// A document of unknown 10-letter keys, as close to kMaxConfigBytes as fits.
std::string UnknownKeys(const char* api_version, const char* kind) {
  std::string text = std::string("apiVersion: ") + api_version + "\nkind: " + kind + "\n";
  unsigned state = 1;
  while (text.size() + 16 < ki::config::kMaxConfigBytes) {
    for (int i = 0; i < 10; ++i) {
      state = state * 1103515245U + 12345U;
      text += static_cast<char>('a' + (state >> 16) % 26);
    }
    text += ": 1\n";
  }
  return text;
}

void Decode(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    ki::config::LoadedConfig c = ki::config::DecodeConfigText(text, "bench.yaml");
    benchmark::DoNotOptimize(c);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void BM_UnknownKeysV1Beta4(benchmark::State& state) {
  static const std::string text = UnknownKeys("kubeadm.k8s.io/v1beta4", "ClusterConfiguration");
  Decode(state, text);
}
BENCHMARK(BM_UnknownKeysV1Beta4)->Unit(benchmark::kMillisecond);

void BM_UnknownKeysV1Alpha1(benchmark::State& state) {
  static const std::string text = UnknownKeys("kubeadm.k8s.io/v1alpha1", "MasterConfiguration");
  Decode(state, text);
}
BENCHMARK(BM_UnknownKeysV1Alpha1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
