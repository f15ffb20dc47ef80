# shellcheck shell=sh
# One writer of table.rules (the proxy's table, as `ipvsadm -Sn` printed it)
# in a fresh network namespace with the node's route to the endpoints:
#   raw      ki-raw-ipvs: one generic-netlink socket, no library, many
#            requests per sendmsg (the floor); its own time is the writing alone
#   ipvsadm  ipvsadm -R
# shellcheck source=SCRIPTDIR/../../lib.sh
. /usr/lib/ki-vm/lib.sh
# shellcheck source=SCRIPTDIR/lib.sh
. "$KI_DATA/bench.d/lib.sh"
ip link set lo up
ip link add ki-pods type dummy && ip addr add 10.244.0.1/16 dev ki-pods && ip link set ki-pods up
ops=$(wc -l <table.rules)
case "$1" in
  raw)
    bench_time raw-wall ki-raw-ipvs table.rules || exit 1
    cat raw-wall.out
    ki_expect_eq "$KI_BENCH_SIZE-raw-writes-every-op" "ops=$ops failed=0" \
      "$(sed -n 's/^\(ops=[0-9]* failed=[0-9]*\) .*/\1/p' raw-wall.out)"
    bench_metric raw "$(sed -n 's/.* ms=\([0-9.]*\) .*/\1/p' raw-wall.out)" ms
    ;;
  ipvsadm)
    bench_time ipvsadm-restore sh -c 'ipvsadm -R <table.rules' ;;
esac
