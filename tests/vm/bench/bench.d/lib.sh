# shellcheck shell=sh
# Helpers of the benchmark boot (tests/vm/bench, run by scripts/vm-bench),
# sourced after the VM's lib.sh by the scenarios and by the trial scripts they
# start in fresh network namespaces (`unshare -n sh TRIAL`: each trial sees
# an empty IPVS table and no destination trash list, see README.md).
#
# Settings come from /etc/ki-bench.conf (written by scripts/vm-bench):
#   KI_BENCH_SIZES      "5000x10 20000x1 50000x10": N Services x M endpoints
#   KI_BENCH_API_SIZES  the sizes also run through the API path
#   KI_BENCH_DIR_SIZES  the sizes whose services-dir trial runs (default all)
#   KI_BENCH_IPVSADM_SIZES the sizes whose table ipvsadm -R writes (default all)
#   KI_BENCH_ADDRESSES  "5000 20000 50000": the kube-ipvs0 address curve
#   KI_BENCH_V          the proxy's -v (1: the full and incremental sync lines)
# Values found are printed as KI-VM-METRIC lines named SIZE-NAME and kept in
# $KI_TMP/SIZE.vals, so a later step (the ratios) can read them back.

# shellcheck disable=SC1091 # written by scripts/vm-bench
if [ -r /etc/ki-bench.conf ]; then . /etc/ki-bench.conf; fi
: "${KI_BENCH_SIZES:=5000x10}" "${KI_BENCH_API_SIZES:=}" "${KI_BENCH_V:=1}"
# (Unset: every size; set but empty, as scripts/vm-bench writes "none": none.)
: "${KI_BENCH_DIR_SIZES=$KI_BENCH_SIZES}" "${KI_BENCH_IPVSADM_SIZES=$KI_BENCH_SIZES}"
: "${KI_BENCH_ADDRESSES:=5000 20000 50000}"
# The size being measured (set by the scenario for its trials): NxM, N, M.
: "${KI_BENCH_SIZE:=}" "${KI_BENCH_N:=0}" "${KI_BENCH_M:=0}"

bench_now() { /usr/lib/ki-vm/date +%s%3N; }

# bench_metric NAME VALUE UNIT: a metric of the current size ($KI_BENCH_SIZE).
bench_metric() {
  [ -n "$2" ] || { ki_log "no value for $KI_BENCH_SIZE-$1"; return 0; }
  ki_metric "$KI_BENCH_SIZE-$1" "$2" "$3"
  echo "$1 $2" >>"$KI_TMP/$KI_BENCH_SIZE.vals"
}

# bench_val NAME: a value bench_metric recorded for the current size (last one).
bench_val() { awk -v k="$1" '$1 == k { v = $2 } END { print v }' "$KI_TMP/$KI_BENCH_SIZE.vals" 2>/dev/null; }

# bench_ratio NAME NUMERATOR DENOMINATOR: NUMERATOR/DENOMINATOR of recorded values.
bench_ratio() {
  _r=$(awk -v a="$(bench_val "$2")" -v b="$(bench_val "$3")" \
    'BEGIN { if (a != "" && b + 0 > 0) printf "%.2f", a / b }')
  bench_metric "$1" "$_r" x
}

# bench_time NAME CMD...: runs CMD (output to NAME.out), records its wall ms.
bench_time() {
  _n=$1
  shift
  _t0=$(bench_now)
  if "$@" >"$_n.out" 2>"$_n.err"; then
    bench_metric "$_n" $(($(bench_now) - _t0)) ms
  else
    ki_fail "$KI_BENCH_SIZE-$_n" "exit $?: $* ($(head -c 300 "$_n.err"))"
    return 1
  fi
}

# The milliseconds since midnight (UTC) of an epoch-ms time, and of a proxy log
# line ("I1205 02:55:00.123456 ..."): the log carries the moment a step ended,
# so no polling delay enters a measurement.
bench_day_ms() { echo $(($1 % 86400000)); }
bench_line_day_ms() {
  echo "$1" | awk '{ split($2, t, ":"); printf "%d\n", ((t[1] * 60 + t[2]) * 60 + t[3]) * 1000 }'
}
# bench_since T0_EPOCH_MS LINE: ms from T0 to the moment LINE was logged.
bench_since() {
  echo $((($(bench_line_day_ms "$2") - $(bench_day_ms "$1") + 86400000) % 86400000))
}

# bench_wait_log FILE PATTERN SECONDS [COUNT]: waits until PATTERN is on COUNT
# (default 1) lines of FILE; prints the COUNT-th. Polls once a second: the times
# come from the log, the poll only has to notice.
bench_wait_log() {
  _end=$(($(bench_now) + $3 * 1000))
  until [ "$(grep -c "$2" "$1")" -ge "${4:-1}" ]; do
    if [ "$(bench_now)" -ge "$_end" ]; then
      ki_fail "$KI_BENCH_SIZE-wait" "no [$2] x${4:-1} in $1 within $3 s"
      tail -n 5 "$1" | sed 's/^/    | /'
      return 1
    fi
    sleep 1
  done
  grep "$2" "$1" | sed -n "${4:-1}p"
}

# bench_sync_metrics PREFIX LINE: the step times of a "... sync done" line
# (pkg/daemon LogSync), each found by its words so a reordered line still reads.
bench_sync_metrics() {
  echo "$2" | awk -v p="$1" '
    function after(label,   i, s) {
      i = index($0, label); if (i == 0) return ""
      s = substr($0, i + length(label)); match(s, /^[0-9.]+/)
      return substr(s, 1, RLENGTH)
    }
    function before(label,   i, s) {
      i = index($0, label); if (i == 0) return ""
      s = substr($0, 1, i - 1); match(s, /[0-9.]+$/)
      return substr(s, RSTART, RLENGTH)
    }
    function out(name, v, unit) { if (v != "") print p name, v, unit }
    {
      out("", after("sync done in "), "ms")
      out("-ipvs-ops", before(" IPVS operations"), "ops")
      out("-ipvs", after(" IPVS operations ("), "ms")
      out("-ipvs-read", after("reading the kernel "), "ms")
      out("-addresses-bound", before(" addresses bound"), "addresses")
      out("-addresses-unbound", after("bound and "), "addresses")
      out("-addresses", after(" unbound ("), "ms")
      out("-set-entries", before(" set entries"), "entries")
      out("-set-writes", after(" set entries in "), "writes")
      out("-sets", after(" ipset writes ("), "ms")
      out("-rules-restores", before(" iptables restores"), "restores")
      out("-rules", after(" iptables restores ("), "ms")
    }' >sync.metrics
  while read -r _name _value _unit; do bench_metric "$_name" "$_value" "$_unit"; done <sync.metrics
}

# bench_status_kb PID FIELD: a kB figure of /proc/PID/status (VmHWM, VmRSS).
bench_status_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null; }

# bench_cpu_ms PID: the CPU time (user + system) the process has used, ms
# (fields 14 and 15 of /proc/PID/stat, in USER_HZ = 100 ticks a second).
bench_cpu_ms() { awk '{ print ($14 + $15) * 10 }' "/proc/$1/stat" 2>/dev/null; }

# bench_hwm PREFIX PID: the process's peak resident memory (VmHWM), in MiB and
# in KiB per endpoint of the size.
bench_hwm() {
  _kb=$(bench_status_kb "$2" VmHWM)
  [ -n "$_kb" ] || { ki_fail "$KI_BENCH_SIZE-$1-hwm" "no /proc/$2/status"; return 1; }
  bench_metric "$1-hwm" "$((_kb / 1024))" MiB
  bench_metric "$1-hwm-per-endpoint" "$(awk -v k="$_kb" -v e="$((KI_BENCH_N * KI_BENCH_M))" \
    'BEGIN { printf "%.2f", k / e }')" KiB
}

# bench_stop PID: SIGTERM and wait (the proxy keeps the kernel's state).
bench_stop() {
  kill "$1" 2>/dev/null
  wait "$1" 2>/dev/null
  return 0
}

# bench_node: the node's links in a fresh namespace: ki-node (the node address,
# 192.168.77.1) and ki-pods (10.244.0.1/16: the route to every endpoint; its
# address is the second NodePort address, as a pod link's is), and the netfilter
# tables made once, so no trial pays for loading their modules.
bench_node() {
  ip link set lo up
  ip link add ki-node type dummy && ip addr add 192.168.77.1/24 dev ki-node && ip link set ki-node up
  ip link add ki-pods type dummy && ip addr add 10.244.0.1/16 dev ki-pods && ip link set ki-pods up
  for _t in iptables ip6tables; do
    for _table in nat filter; do $_t -t "$_table" -N KI-TMP && $_t -t "$_table" -X KI-TMP; done
  done
}

# bench_proxy_config FILE SYNC_PERIOD [KUBECONFIG]: the KubeProxyConfiguration of
# the trials. With a kubeconfig the client is not throttled (qps 1000): the
# bench measures the proxy, not client-go's default 5 requests a second.
bench_proxy_config() {
  ki_proxy_config "{syncPeriod: $2, minSyncPeriod: 0s}"
  if [ -n "${3:-}" ]; then
    echo "clientConnection: {kubeconfig: $3, qps: 1000, burst: 1000}" >>proxy.yaml
  fi
  mv proxy.yaml "$1"
}

# The objects of a size (awk: the shell is far too slow for 100,000 objects).
# Service i: ClusterIP 10.96.(i/250).(i%250+1), port 80 -> 8080; the first half
# are NodePort (30000+i); its slice has M endpoints on node-2 (not this node),
# addresses spread over 10.244.0.0/16 (10.244.0.1 excluded: the node's).
bench_awk_objects() { # FORMAT(yaml|json) N M
  awk -v fmt="$1" -v n="$2" -v m="$3" '
    function ip(i) { return "10.96." int(i / 250) "." (i % 250 + 1) }
    function ep(j) { j = j % 64000; return "10.244." int(j / 250) "." (j % 250 + 2) }
    function yaml(i,   k, eps, np, out) {
      np = (i < n / 2) ? ", nodePort: " (30000 + i) : ""
      out = out sprintf("---\napiVersion: v1\nkind: Service\nmetadata: {name: s%d, namespace: bench}\n", i)
      out = out sprintf("spec:\n  type: %s\n  clusterIP: %s\n", (i < n / 2) ? "NodePort" : "ClusterIP", ip(i))
      out = out sprintf("  ports: [{name: http, port: 80, targetPort: 8080, protocol: TCP%s}]\n", np)
      out = out "---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
      out = out sprintf("metadata: {name: s%d-1, namespace: bench, labels: {kubernetes.io/service-name: s%d}}\n", i, i)
      out = out "addressType: IPv4\nports: [{name: http, port: 8080, protocol: TCP}]\nendpoints:\n"
      for (k = 0; k < m; k++)
        out = out sprintf("- {addresses: [%s], nodeName: node-2, conditions: {ready: true}}\n", ep(i * m + k))
      return out
    }
    function json(i,   k, eps, np) {
      np = (i < n / 2) ? ",\"nodePort\":" (30000 + i) : ""
      printf "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s%d\",\"namespace\":\"bench\"},", i
      printf "\"spec\":{\"type\":\"%s\",\"clusterIP\":\"%s\",\"clusterIPs\":[\"%s\"],", (i < n / 2) ? "NodePort" : "ClusterIP", ip(i), ip(i)
      printf "\"ports\":[{\"name\":\"http\",\"port\":80,\"targetPort\":8080,\"protocol\":\"TCP\"%s}]}},\n", np
      printf "{\"apiVersion\":\"discovery.k8s.io/v1\",\"kind\":\"EndpointSlice\",\"metadata\":{\"name\":\"s%d-1\",", i
      printf "\"namespace\":\"bench\",\"labels\":{\"kubernetes.io/service-name\":\"s%d\"}},\"addressType\":\"IPv4\",", i
      printf "\"ports\":[{\"name\":\"http\",\"port\":8080,\"protocol\":\"TCP\"}],\"endpoints\":["
      for (k = 0; k < m; k++)
        printf "%s{\"addresses\":[\"%s\"],\"nodeName\":\"node-2\",\"conditions\":{\"ready\":true}}", k ? "," : "", ep(i * m + k)
      printf "]},\n"
    }
    BEGIN {
      if (fmt == "json") {
        print "["
        for (i = 0; i < n; i++) json(i)
        print "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"node-1\"},"
        print "\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"192.168.77.1\"}]}}]"
        exit
      }
      # The services dir: 50 Services (and their slices) a file, as a user
      # splitting by namespace or team would have them.
      for (i = 0; i < n; i++) {
        f = sprintf("svc/f%05d.yaml", int(i / 50))
        printf "%s", yaml(i) >f
        if (i % 50 == 49) close(f)
      }
    }'
}

# The one-endpoint change: Service s0's first endpoint (10.244.0.2, in the
# first file) moves to 10.244.255.253; the file is replaced by a rename, as an
# editor or a config tool does.
bench_change_file() { echo svc/f00000.yaml; }
bench_changed_copy() {
  sed 's/addresses: \[10\.244\.0\.2\]/addresses: [10.244.255.253]/' "$(bench_change_file)"
}
