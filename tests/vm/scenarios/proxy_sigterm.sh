# shellcheck shell=sh
# SIGTERM stops `kubeadm-ipvs proxy --services-dir` within 2 s whatever it is
# doing, and nothing reaches the kernel after the signal:
#  (a) while it decodes a 20 MB services file (tens of thousands of
#      Services): it exits, and the IPVS table stays empty;
#  (b) during a large first sync (6,000 Services x 3 endpoints, 24,000 IPVS
#      operations), once its first virtual server is in the kernel: it exits,
#      and the table does not grow after the exit (counted at once and 1 s later).
# Prints the exit latencies as KI-VM-METRIC lines.
# ki-vm-timeout: 240

ip link add ki-node type dummy && ip addr add 192.168.77.1/24 dev ki-node && ip link set ki-node up
ip link add ki-pods type dummy && ip addr add 10.244.0.1/16 dev ki-pods && ip link set ki-pods up
# The endpoints' range, 10.200.0.0/13 (real servers need a route).
ip link add ki-eps type dummy && ip addr add 10.200.0.1/13 dev ki-eps && ip link set ki-eps up
ki_proxy_config "{syncPeriod: 300s, minSyncPeriod: 0s}"

# N Services (awk: the shell is slow) with E endpoints each, as one YAML stream.
services() { # N E FILE
  awk -v n="$1" -v e="$2" 'BEGIN {
    for (i = 0; i < n; i++) {
      printf "---\napiVersion: v1\nkind: Service\nmetadata: {name: s%d, namespace: sig}\n", i
      printf "spec:\n  clusterIP: 10.96.%d.%d\n", int(i / 250), i % 250 + 1
      printf "  ports: [{name: http, port: 80, targetPort: 8080, protocol: TCP}]\n"
      printf "---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
      printf "metadata: {name: s%d-1, namespace: sig, labels: {kubernetes.io/service-name: s%d}}\n", i, i
      printf "addressType: IPv4\nports: [{name: http, port: 8080, protocol: TCP}]\nendpoints:\n"
      for (j = 0; j < e; j++) {
        printf "- {addresses: [10.%d.%d.%d], nodeName: node-2, conditions: {ready: true}}\n",
          200 + j, int(i / 250), i % 250 + 2
      }
    }
  }' >"$3"
}

# Sends SIGTERM to $pid and waits for it to exit: $ms is how long that took.
# (In this shell, not in $(...): only the parent reaps the proxy, and a
# subshell's `kill -0` loop would see a zombie forever.)
# A proxy that ignores the signal is killed after 30 s (and fails the bound).
term_and_time() {
  t0=$(ki_now_ms)
  kill -TERM "$pid"
  ki_log "SIGTERM at $(/usr/lib/ki-vm/date +%T.%6N) (the proxy's log has the same clock)"
  (sleep 30 && kill -KILL "$pid") 2>/dev/null &
  watchdog=$!
  wait "$pid"
  ms=$(($(ki_now_ms) - t0))
  kill "$watchdog" 2>/dev/null
}

virtual_servers() { ipvsadm -Ln | grep -c '^TCP'; }

start_proxy() { # DIR LOG
  kubeadm-ipvs -v 4 proxy --config proxy.yaml --services-dir "$1" --hostname-override node-1 \
    >"$2" 2>&1 &
  pid=$!
}

# (a) a 20 MB file being decoded.
mkdir -p big
services 24000 6 big/services.yaml
size=$(wc -c <big/services.yaml)
ki_log "big/services.yaml: $size bytes"
if [ "$size" -ge 20000000 ]; then ki_pass decode-file-20MB; else ki_fail decode-file-20MB "$size bytes"; fi
start_proxy big decode.log
ki_check decode-started ki_wait_until 60 grep -q "services from big" decode.log
sleep 1 # well into the decode (it takes over a minute here)
term_and_time
cat decode.log
ki_metric sigterm_exit_during_decode "$ms" ms
if [ "$ms" -le 2000 ]; then ki_pass decode-exit-within-2s; else ki_fail decode-exit-within-2s "$ms ms"; fi
ki_expect_contains decode-stopping-logged "$(cat decode.log)" "proxy: stopping"
ki_expect_eq decode-nothing-programmed 0 "$(virtual_servers)"
rm -rf big

# (b) a large first sync.
mkdir -p many
services 6000 3 many/services.yaml
start_proxy many sync.log
# The first virtual server in the kernel (reading a few lines of
# /proc/net/ip_vs is cheap; listing the whole table is not).
first_write() { [ "$(head -n 4 /proc/net/ip_vs | wc -l)" -ge 4 ]; }
ki_check sync-started ki_wait_until 180 first_write
term_and_time
at_exit=$(virtual_servers)
sleep 1
later=$(virtual_servers)
cat sync.log
# (Under 6000: the signal came while the IPVS writes ran, not after them.)
ki_log "virtual servers: $at_exit at exit, $later 1 s later (6000 when the sync completes)"
ki_metric sigterm_exit_during_sync "$ms" ms
ki_metric virtual_servers_at_exit "$at_exit"
if [ "$ms" -le 2000 ]; then ki_pass sync-exit-within-2s; else ki_fail sync-exit-within-2s "$ms ms"; fi
ki_expect_eq sync-table-does-not-grow "$at_exit" "$later"
ki_expect_eq sync-first-sync-not-done 0 "$(grep -c "first sync done" sync.log)"
