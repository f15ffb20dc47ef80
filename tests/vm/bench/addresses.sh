# shellcheck shell=sh
# Benchmark (scripts/vm-bench), #14 goal 2: the kube-ipvs0 address curve.
# 5,000, 20,000 and 50,000 (KI_BENCH_ADDRESSES) /32 addresses bound on a down
# dummy link, each count and each writer in a fresh network namespace: the
# project's pipelined Bind (ki-netif-tool) and `ip -batch` (one process, one
# round trip per address). Metrics addr-COUNT-*: the wall time, Bind's own
# time, and ms per 1,000 addresses, which stays flat if the kernel's cost per
# address does not grow with the number already bound.
# ki-vm-timeout: 5400
# shellcheck source=SCRIPTDIR/bench.d/lib.sh
. "$KI_DATA/bench.d/lib.sh"

for n in $KI_BENCH_ADDRESSES; do
  export KI_BENCH_SIZE="addr-$n"
  ki-netif-tool gen4 "$n" >"addrs.$n"
  awk '{ print "address add " $1 "/32 dev kube-ipvs0" }' "addrs.$n" >"batch.$n"
  unshare -n sh "$KI_DATA/bench.d/addr_trial.sh" layer "$n"
  unshare -n sh "$KI_DATA/bench.d/addr_trial.sh" ip-batch "$n"
  rm -f "addrs.$n" "batch.$n"
done
