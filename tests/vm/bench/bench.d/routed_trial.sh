# shellcheck shell=sh
# The first start of the proxy through the services dir with
# --service-cluster-ip-range 10.96.0.0/12 (every benchmark ClusterIP inside
# it: one local route instead of a kube-ipvs0 address each), in a fresh
# network namespace (proxy.sh runs it in the size's folder, svc/ made): the
# first sync with its steps, and the peak memory. Named routed-*, beside
# dir_trial.sh's first-sync-* of the same table. Without dir_trial.sh at this
# size, it keeps the table (ipvsadm -Sn) for the raw and ipvsadm writers.
# shellcheck source=SCRIPTDIR/../../lib.sh
. /usr/lib/ki-vm/lib.sh
# shellcheck source=SCRIPTDIR/lib.sh
. "$KI_DATA/bench.d/lib.sh"
bench_node
bench_proxy_config first.yaml 3600s

kubeadm-ipvs -v "$KI_BENCH_V" proxy --config first.yaml --services-dir svc \
  --hostname-override node-1 --service-cluster-ip-range 10.96.0.0/12 >routed.log 2>&1 &
pid=$!
if first=$(bench_wait_log routed.log "first sync done" 7200); then
  bench_sync_metrics routed-first-sync "$first"
  ki_expect_contains "$KI_BENCH_SIZE-routed-binds-no-clusterip" "$first" " 0 addresses bound"
  ki_expect_contains "$KI_BENCH_SIZE-routed-adds-one-route" "$first" "1 local routes added"
  # The writers' table, when the services-dir trial did not run at this size.
  if [ ! -s table.rules ]; then
    ipvsadm -Sn >table.rules
    bench_metric table-ops "$(wc -l <table.rules)" ops
  fi
fi
bench_hwm routed "$pid"
bench_stop "$pid"
