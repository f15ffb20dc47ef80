# shellcheck shell=sh
# COUNT /32 addresses (addrs.COUNT) bound on kube-ipvs0, a down dummy link, in
# a fresh network namespace, by one writer:
#   layer     ki-netif-tool bind: the project's Bind (pkg/netif), one batch
#   ip-batch  ip -batch: one iproute2 process, one round trip per address
# Args: WRITER COUNT. The addresses must then all be on the link.
# shellcheck source=SCRIPTDIR/../../lib.sh
. /usr/lib/ki-vm/lib.sh
# shellcheck source=SCRIPTDIR/lib.sh
. "$KI_DATA/bench.d/lib.sh"
ip link set lo up
ip link add kube-ipvs0 type dummy
case "$1" in
  layer)
    bench_time layer ki-netif-tool bind kube-ipvs0 "addrs.$2" || exit 1
    bench_metric layer-call "$(sed -n 's/.* ms=\([0-9.]*\).*/\1/p' layer.out)" ms
    ;;
  ip-batch)
    bench_time ip-batch ip -batch "batch.$2" || exit 1 ;;
esac
bench_metric "$1-per-1000" "$(awk -v ms="$(bench_val "$1")" -v n="$2" 'BEGIN { printf "%.0f", ms * 1000 / n }')" ms
ki_expect_eq "$KI_BENCH_SIZE-$1-all-bound" "$2" "$(ip -o -4 addr show dev kube-ipvs0 | wc -l)"
