# shellcheck shell=sh
# Benchmark, same boot for both: program 5,000 services x 10 destinations
# (55,000 operations) with the project's batch mode (ki-ipvs-tool apply, pipelined
# netlink) and with `ipvsadm -R`, each trial in a fresh network namespace (the
# kernel's destination trash list slows creates right after a flush). Also the
# layer one-round-trip-per-operation, and a full dump through the layer. And
# the floor: ki-raw-ipvs (C, no library: one generic-netlink socket, 256
# requests per sendmsg) writing the same table, which ipvsadm must then list
# exactly as written.
# Prints KI-VM-METRIC lines: times in ms, the ratio ipvsadm / batch and the
# ratio layer / raw (the layer's Apply against the raw writing, both without
# process start and file parsing).
# ki-vm-timeout: 600

modprobe -a ip_vs ip_vs_rr
ki-ipvs-tool gen 5000 10 >bench.rules
ki_expect_eq bench-rules-lines 55000 "$(wc -l <bench.rules)"

# trial CMD...: runs CMD in a fresh netns with a route to the destinations and
# prints its wall time in ms; the table must then hold 5,000 services.
cat >trial.sh <<'TRIAL'
/usr/sbin/ip link set lo up
/usr/sbin/ip link add ki-dummy type dummy
/usr/sbin/ip addr add 10.244.0.1/16 dev ki-dummy
/usr/sbin/ip link set ki-dummy up
t0=$(/usr/lib/ki-vm/date +%s%3N)
"$@" >trial.out 2>&1 || { cat trial.out; echo FAILED; exit 1; }
t1=$(/usr/lib/ki-vm/date +%s%3N)
n=$(ipvsadm -Ln | grep -c '^TCP')
[ "$n" = 5000 ] || { echo "services=$n"; exit 1; }
cat trial.out >&2
echo $((t1 - t0))
TRIAL

run_trial() { # NAME VAR CMD...: sets VAR to the milliseconds (0 on failure)
  name=$1
  var=$2
  shift 2
  ms=$(unshare -n sh trial.sh "$@" 2>"$name.log")
  cat "$name.log"
  case "$ms" in
    '' | *[!0-9]*) ki_fail "$name" "$ms"; ms=0 ;;
    *) ki_pass "$name"; ki_metric "$name" "$ms" ms ;;
  esac
  # The layer's own share (Apply alone, without process start and file parsing).
  apply_ms=$(sed -n 's/^ops=[0-9]* failed=0 ms=\([0-9]*\).*/\1/p' "$name.log")
  if [ -n "$apply_ms" ]; then ki_metric "$name-apply-only" "$apply_ms" ms; fi
  eval "$var=$ms"
}

batch1=0 batch2=0 ipvsadm1=0 ipvsadm2=0 single=0
run_trial layer-batch batch1 ki-ipvs-tool apply bench.rules
run_trial ipvsadm-restore ipvsadm1 sh -c 'ipvsadm -R <bench.rules'
run_trial layer-batch-2 batch2 ki-ipvs-tool apply bench.rules
run_trial ipvsadm-restore-2 ipvsadm2 sh -c 'ipvsadm -R <bench.rules'
run_trial layer-single single ki-ipvs-tool apply --single bench.rules
for w in 16 64 1024; do
  run_trial "layer-batch-window-$w" "w$w" ki-ipvs-tool apply --window "$w" bench.rules
done
ki_log "$(ki-ipvs-tool parse bench.rules) (the rules-file share of each layer trial)"

# The raw reference: once as a trial, once more checked against ipvsadm's view.
raw_wall=0
run_trial raw raw_wall ki-raw-ipvs bench.rules
ki_log "raw writer ${raw_wall} ms with its process start and parsing"
cat >raw_check.sh <<'RAW'
/usr/sbin/ip link set lo up
/usr/sbin/ip link add ki-dummy type dummy
/usr/sbin/ip addr add 10.244.0.1/16 dev ki-dummy
/usr/sbin/ip link set ki-dummy up
ki-raw-ipvs bench.rules || exit 1
ipvsadm -Sn | sort >raw.save
RAW
unshare -n sh raw_check.sh >raw-2.log 2>&1
cat raw-2.log
sort bench.rules >bench.sorted
ki_expect_file_eq raw-table-as-written bench.sorted raw.save
# apply_ms NAME: the writing alone, as the trial's tool printed it.
apply_ms() { sed -n 's/^ops=[0-9]* failed=0 ms=\([0-9.]*\).*/\1/p' "$1.log"; }
ki_metric raw-2-apply-only "$(apply_ms raw-2)" ms
ratio=$(awk -v b1="$(apply_ms layer-batch)" -v b2="$(apply_ms layer-batch-2)" \
  -v r1="$(apply_ms raw)" -v r2="$(apply_ms raw-2)" 'BEGIN {
    b = (b2 != "" && (b1 == "" || b2 + 0 < b1 + 0)) ? b2 : b1
    r = (r2 != "" && (r1 == "" || r2 + 0 < r1 + 0)) ? r2 : r1
    if (b != "" && r + 0 > 0) printf "%.2f", b / r
  }')
if [ -n "$ratio" ]; then
  ki_metric ratio-layer-over-raw "$ratio" x
  ki_log "the layer's Apply is ${ratio}x the raw generic-netlink writer (best of two each)"
else
  ki_fail ratio-layer-over-raw "no apply times (layer-batch, raw)"
fi

best() { if [ "$1" -le "$2" ]; then echo "$1"; else echo "$2"; fi; }
b=$(best "$batch1" "$batch2")
i=$(best "$ipvsadm1" "$ipvsadm2")
if [ "$b" -gt 0 ] && [ "$i" -gt 0 ]; then
  ratio=$(awk -v i="$i" -v b="$b" 'BEGIN { printf "%.1f", i / b }')
  ki_metric ratio-ipvsadm-over-batch "$ratio" x
  ki_metric us-per-op-batch-wall "$(awk -v b="$b" 'BEGIN { printf "%.1f", b * 1000 / 55000 }')" us
  ki_log "batch ${b} ms, ipvsadm -R ${i} ms, one op per round trip ${single} ms: ipvsadm/batch = ${ratio}x"
  ki_check batch-faster-than-ipvsadm [ "$b" -lt "$i" ]
fi

# Reading the table back (what a restarting proxy does): ListServices + 5,000
# destination dumps, versus ipvsadm -Sn, in one more fresh namespace.
cat >read.sh <<'READ'
/usr/sbin/ip link set lo up
/usr/sbin/ip link add ki-dummy type dummy
/usr/sbin/ip addr add 10.244.0.1/16 dev ki-dummy
/usr/sbin/ip link set ki-dummy up
ki-ipvs-tool apply bench.rules >/dev/null || exit 1
t0=$(/usr/lib/ki-vm/date +%s%3N)
ki-ipvs-tool dump >dump.out || exit 1
t1=$(/usr/lib/ki-vm/date +%s%3N)
ipvsadm -Sn >save.out || exit 1
t2=$(/usr/lib/ki-vm/date +%s%3N)
kubeadm-ipvs ipvs list -n >list.out || exit 1
t3=$(/usr/lib/ki-vm/date +%s%3N)
echo "$((t1 - t0)) $((t2 - t1)) $((t3 - t2)) $(grep -c dest dump.out)"
READ
# shellcheck disable=SC2046 # four numbers, split on purpose
set -- $(unshare -n sh read.sh)
if [ "$#" = 4 ]; then
  ki_metric layer-dump-5000 "$1" ms
  ki_metric ipvsadm-save-5000 "$2" ms
  ki_metric kubeadm-ipvs-list-5000 "$3" ms
  ki_expect_eq dump-reads-all-destinations 50000 "$4"
else
  ki_fail read-back "$*"
fi
