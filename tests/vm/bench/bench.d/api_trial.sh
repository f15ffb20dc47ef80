# shellcheck shell=sh
# The proxy through the API path at one size, in a fresh network namespace:
# the test API server (HTTPS, bearer token) serves objects.json; the proxy
# lists everything (not throttled: qps 1000) and programs it. Its startup,
# the list share (to "every Service and EndpointSlice seen"), the first sync
# with its steps and the peak memory: the memory goal is measured here.
# shellcheck source=SCRIPTDIR/../../lib.sh
. /usr/lib/ki-vm/lib.sh
# shellcheck source=SCRIPTDIR/lib.sh
. "$KI_DATA/bench.d/lib.sh"
bench_node

ki_check "$KI_BENCH_SIZE-api-pki" ki_test_pki || exit 1
echo bench-token >token

t_api=$(bench_now)
ki-test-apiserver --cert server.crt --key server.key --token bench-token \
  --objects objects.json --port-file port >apiserver.log 2>&1 &
api=$!
if ! ki_wait_until 3600 test -s port; then
  ki_fail "$KI_BENCH_SIZE-api-server-up" "$(tail -n 3 apiserver.log)"
  bench_stop "$api"
  exit 1
fi
bench_metric api-server-load $(($(bench_now) - t_api)) ms
api_cpu=$(bench_cpu_ms "$api")
ki_test_kubeconfig "$(cat port)"
bench_proxy_config api.yaml 3600s kubeconfig

t0=$(bench_now)
kubeadm-ipvs -v "$KI_BENCH_V" proxy --config api.yaml --hostname-override node-1 >api.log 2>&1 &
pid=$!
if first=$(bench_wait_log api.log "first sync done" 7200); then
  bench_metric api-startup "$(bench_since "$t0" "$first")" ms
  seen=$(grep -m 1 "every Service and EndpointSlice seen" api.log)
  if [ -n "$seen" ]; then bench_metric api-startup-list "$(bench_since "$t0" "$seen")" ms; fi
  bench_sync_metrics api-first-sync "$first"
  # Whose CPU the startup was: the proxy's (list, decode, first sync) or the
  # test API server's (serving the pages).
  bench_metric api-startup-cpu "$(bench_cpu_ms "$pid")" ms
  bench_metric api-server-serving-cpu $(($(bench_cpu_ms "$api") - api_cpu)) ms
fi
bench_hwm api "$pid"
bench_stop "$pid"
bench_metric api-server-hwm "$(($(bench_status_kb "$api" VmHWM) / 1024))" MiB
bench_stop "$api"
