# shellcheck shell=sh
# Benchmark (scripts/vm-bench) of issue #14's table, size by size
# (KI_BENCH_SIZES: N Services x M endpoints, half of them NodePort on the
# node address and the pod link's), every trial in a fresh network namespace:
#   - at KI_BENCH_DIR_SIZES, the proxy through the services dir
#     (bench.d/dir_trial.sh): first sync
#     and its steps, startup and decode, ipset save and the dumps a
#     verification reads, one endpoint changed, restart adoption, two
#     periodic full syncs with nothing to do, peak memory;
#   - the first start with --service-cluster-ip-range (one local route
#     instead of a kube-ipvs0 address per ClusterIP: bench.d/routed_trial.sh),
#     which also keeps the table for the writers when dir_trial.sh did not run;
#   - the same table (ipvsadm -Sn of the proxy's) written by ki-raw-ipvs, the
#     floor, and by ipvsadm -R at KI_BENCH_IPVSADM_SIZES (bench.d/write_trial.sh);
#   - the API path (bench.d/api_trial.sh) at KI_BENCH_API_SIZES;
#   - the ratios of the goals.
# Metrics are named SIZE-NAME; scripts/vm-bench tabulates them.
# ki-vm-timeout: 14400
# shellcheck source=SCRIPTDIR/bench.d/lib.sh
. "$KI_DATA/bench.d/lib.sh"
modprobe -a ip_vs ip_vs_rr

# bench_settle: waits (up to 60 s) for the kernel to free the namespace a
# trial left (a big IPVS table takes a while), so the next trial does not
# share the CPU with it: free memory steady for a second.
bench_settle() {
  _prev=0
  for _ in $(seq 60); do
    _free=$(awk '$1 == "MemFree:" { print $2 }' /proc/meminfo)
    if [ $((_free - _prev)) -lt 2048 ] && [ $((_prev - _free)) -lt 2048 ]; then return 0; fi
    _prev=$_free
    sleep 1
  done
}

bench_ratios() {
  bench_ratio first-sync-over-raw first-sync raw
  bench_ratio routed-first-sync-over-raw routed-first-sync raw
  bench_ratio ipvs-step-over-raw first-sync-ipvs raw
  bench_ratio ipvsadm-restore-over-raw ipvsadm-restore raw
  bench_ratio full-sync-over-ipvsadm-dump full-sync-2 dump-ipvsadm
  bench_ratio full-sync-over-layer-dump full-sync-2 dump-layer
  bench_ratio restart-sync-over-ipvsadm-dump restart-sync dump-ipvsadm
  bench_ratio restart-sync-over-layer-dump restart-sync dump-layer
  bench_ratio api-first-sync-over-raw api-first-sync raw
}

in_list() { case " $2 " in *" $1 "*) return 0 ;; esac; return 1; }

bench_size() {
  export KI_BENCH_SIZE="$1" KI_BENCH_N="${1%x*}" KI_BENCH_M="${1#*x}"
  ki_log "size $1: $KI_BENCH_N Services x $KI_BENCH_M endpoints"
  mkdir -p "$KI_TMP/$1/svc" && cd "$KI_TMP/$1" || return 1
  t=$(bench_now)
  bench_awk_objects yaml "$KI_BENCH_N" "$KI_BENCH_M"
  ki_log "services dir: $(find svc -type f | wc -l) files, $(du -sk svc | cut -f1) KiB in $(($(bench_now) - t)) ms"
  if in_list "$1" "$KI_BENCH_DIR_SIZES"; then
    unshare -n sh "$KI_DATA/bench.d/dir_trial.sh"
    bench_settle
  fi
  unshare -n sh "$KI_DATA/bench.d/routed_trial.sh"
  bench_settle
  if [ -s table.rules ]; then
    unshare -n sh "$KI_DATA/bench.d/write_trial.sh" raw
    bench_settle
    if in_list "$1" "$KI_BENCH_IPVSADM_SIZES"; then
      unshare -n sh "$KI_DATA/bench.d/write_trial.sh" ipvsadm
      bench_settle
    fi
  fi
  rm -rf svc
  if in_list "$1" "$KI_BENCH_API_SIZES"; then
    bench_awk_objects json "$KI_BENCH_N" "$KI_BENCH_M" >objects.json
    unshare -n sh "$KI_DATA/bench.d/api_trial.sh"
    bench_settle
    ki_expect_eq "$1-api-programs-the-same-table" "$(bench_val table-ops)" "$(bench_val api-first-sync-ipvs-ops)"
  fi
  bench_ratios
  cd "$KI_TMP" && rm -rf "${KI_TMP:?}/$1"
}

for size in $KI_BENCH_SIZES; do bench_size "$size"; done
