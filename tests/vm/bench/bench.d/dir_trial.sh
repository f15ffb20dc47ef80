# shellcheck shell=sh
# The proxy through the services dir at one size, in a fresh network namespace
# (proxy.sh runs it in the size's folder, svc/ made, KI_BENCH_* set):
#  1. a first start (syncPeriod 1h, nothing periodic in the way): the first
#     sync with its steps, the startup (process start to first sync done) and
#     its decode share (to "every Service and EndpointSlice seen"); then, the
#     proxy idle, what a verification has to read: `ipset save`, `ipvsadm -Sn`
#     (kept as table.rules for the raw writers), the layer's dump and
#     `kubeadm-ipvs ipvs list -n`; then one endpoint changed (file write to
#     kernel); the peak memory;
#  2. a restart (syncPeriod 1s): the adoption (nothing written), then two
#     periodic full syncs that find nothing to do; the peak memory.
# shellcheck source=SCRIPTDIR/../../lib.sh
. /usr/lib/ki-vm/lib.sh
# shellcheck source=SCRIPTDIR/lib.sh
. "$KI_DATA/bench.d/lib.sh"
bench_node
bench_proxy_config first.yaml 3600s
bench_proxy_config restart.yaml 1s

# proxy_start NAME CONFIG: the proxy on svc/, logging to NAME.log; sets pid and t0.
proxy_start() {
  t0=$(bench_now)
  kubeadm-ipvs -v "$KI_BENCH_V" proxy --config "$2" --services-dir svc \
    --hostname-override node-1 >"$1.log" 2>&1 &
  pid=$!
}

# started NAME LINE: the startup (process start to LINE) and its decode share.
started() {
  bench_metric "$1" "$(bench_since "$t0" "$2")" ms
  seen=$(grep -m 1 "every Service and EndpointSlice seen" "$1.log")
  if [ -n "$seen" ]; then bench_metric "$1-decode" "$(bench_since "$t0" "$seen")" ms; fi
}

# --- 1. first start
proxy_start startup first.yaml
first=$(bench_wait_log startup.log "first sync done" 7200) || { bench_stop "$pid"; exit 1; }
started startup "$first"
bench_metric startup-cpu "$(bench_cpu_ms "$pid")" ms
bench_sync_metrics first-sync "$first"
bench_metric first-rss "$(($(bench_status_kb "$pid" VmRSS) / 1024))" MiB

bench_time ipset-save ipset save
bench_metric ipset-entries "$(grep -c '^add ' ipset-save.out)" entries
bench_time dump-ipvsadm ipvsadm -Sn && mv dump-ipvsadm.out table.rules
bench_metric table-ops "$(wc -l <table.rules)" ops
bench_time dump-layer ki-ipvs-tool dump
bench_time dump-list kubeadm-ipvs ipvs list -n
rm -f ipset-save.out dump-layer.out dump-list.out

bench_changed_copy >changed.yaml
t_change=$(bench_now)
mv changed.yaml "$(bench_change_file)"
if change=$(bench_wait_log startup.log "incremental sync done" 600); then
  bench_metric change-to-kernel "$(bench_since "$t_change" "$change")" ms
  bench_sync_metrics change-sync "$change"
  ki_check "$KI_BENCH_SIZE-change-in-kernel" sh -c 'ipvsadm -Ln -t 10.96.0.1:80 | grep -q 10.244.255.253:8080'
fi
bench_hwm first "$pid"
bench_stop "$pid"

# --- 2. restart: adopts what is there, then periodic full syncs
proxy_start restart restart.yaml
if adopt=$(bench_wait_log restart.log "first sync done" 7200); then
  started restart "$adopt"
  bench_sync_metrics restart-sync "$adopt"
  ki_expect_contains "$KI_BENCH_SIZE-restart-writes-no-ipvs" "$adopt" ": 0 IPVS operations ("
  ki_expect_contains "$KI_BENCH_SIZE-restart-binds-nothing" "$adopt" " 0 addresses bound and 0 unbound"
  ki_expect_contains "$KI_BENCH_SIZE-restart-writes-no-set-entry" "$adopt" " 0 set entries in "
  for n in 1 2; do
    full=$(bench_wait_log restart.log "full sync done" 3600 "$n") || break
    bench_sync_metrics "full-sync-$n" "$full"
  done
fi
bench_hwm restart "$pid"
bench_stop "$pid"
