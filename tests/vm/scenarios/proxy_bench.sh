# shellcheck shell=sh
# Benchmark of the proxy's whole sync on a real kernel: 10,000 Services
# (5,000 of them NodePort, one endpoint each) from a services dir, in a fresh
# network namespace with one node address; then one NodePort Service added.
# Prints KI-VM-METRIC lines from the proxy's own sync log (-v 4): the first
# sync's time and its ipset and iptables shares, what the one-Service change
# cost (set entries written, restores run), and a restart's adoption (no IPVS
# operation, no set entry written). Times are TCG-emulated:
# compare runs with each other, not with hardware.
# ki-vm-timeout: 420

# 10,000 Services and their slices as one YAML stream (awk: the shell is slow).
mkdir -p svc
awk 'BEGIN {
  for (i = 0; i < 10000; i++) {
    ip = "10.96." int(i / 250) "." (i % 250 + 1)
    ep = "10.244." int(i / 250) "." (i % 250 + 2)
    np = (i < 5000) ? ", nodePort: " (30000 + i) : ""
    type = (i < 5000) ? "NodePort" : "ClusterIP"
    printf "---\napiVersion: v1\nkind: Service\nmetadata: {name: s%d, namespace: bench}\n", i
    printf "spec:\n  type: %s\n  clusterIP: %s\n", type, ip
    printf "  ports: [{name: http, port: 80, targetPort: 8080, protocol: TCP%s}]\n", np
    printf "---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
    printf "metadata: {name: s%d-1, namespace: bench, labels: {kubernetes.io/service-name: s%d}}\n", i, i
    printf "addressType: IPv4\nports: [{name: http, port: 8080, protocol: TCP}]\n"
    printf "endpoints: [{addresses: [%s], nodeName: node-2, conditions: {ready: true}}]\n", ep
  }
}' >svc/bench.yaml
ki_expect_eq bench-services 10000 "$(grep -c '^kind: Service$' svc/bench.yaml)"
ki_proxy_config "{syncPeriod: 300s, minSyncPeriod: 0s}"

cat >node.sh <<'NODE'
now() { /usr/lib/ki-vm/date +%s%3N; }
wait_log() { # PATTERN SECONDS [LOG]
  end=$(($(now) + $2 * 1000))
  until grep -q "$1" "${3:-proxy.log}"; do
    [ "$(now)" -ge "$end" ] && { echo "timeout waiting for: $1"; tail -5 "${3:-proxy.log}"; exit 1; }
    sleep 0.2
  done
}
ip link set lo up
ip link add ki-node type dummy && ip addr add 192.168.77.1/24 dev ki-node && ip link set ki-node up
ip link add ki-pods type dummy && ip addr add 10.244.0.1/16 dev ki-pods && ip link set ki-pods up
for t in iptables ip6tables; do
  for table in nat filter; do $t -t $table -N KI-TMP && $t -t $table -X KI-TMP; done
done
t0=$(now)
kubeadm-ipvs -v 4 proxy --config proxy.yaml --services-dir svc --hostname-override node-1 \
  >proxy.log 2>&1 &
pid=$!
wait_log "first sync done" 300
t1=$(now)
echo "startup_ms $((t1 - t0))"
echo "virtual_servers $(ipvsadm -Ln | grep -c '^TCP')"
echo "cluster_ip_members $(ipset list KUBE-CLUSTER-IP | grep -c ',tcp:80$')"
echo "node_port_members $(ipset list KUBE-NODE-PORT-TCP | grep -c '^[0-9]')"
# One NodePort Service added.
cat >svc/one.yaml <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: one, namespace: bench}
spec:
  type: NodePort
  clusterIP: 10.96.200.1
  ports: [{name: http, port: 80, targetPort: 8080, nodePort: 36000, protocol: TCP}]
YAML
wait_log "incremental sync done" 60
grep "incremental sync done" proxy.log | head -1
kill $pid
wait $pid 2>/dev/null
grep "first sync done" proxy.log
# A restart adopts what is there: nothing flushed, nothing rewritten.
t2=$(now)
kubeadm-ipvs -v 4 proxy --config proxy.yaml --services-dir svc --hostname-override node-1 \
  >restart.log 2>&1 &
pid=$!
wait_log "first sync done" 300 restart.log
echo "restart_ms $(($(now) - t2))"
kill $pid
wait $pid 2>/dev/null
echo "restart: $(grep "first sync done" restart.log)"
NODE
unshare -n sh node.sh >bench.out 2>&1
cat bench.out
first=$(grep -v "^restart: " bench.out | grep "first sync done")
change=$(grep "incremental sync done" bench.out)
ki_expect_contains bench-first-sync "$first" "first sync done"
# ClusterIPs, and NodePorts on both node addresses (ki-node's and ki-pods').
ki_expect_eq bench-virtual-servers "virtual_servers 20000" "$(grep '^virtual_servers' bench.out)"
ki_expect_eq bench-cluster-ip-members "cluster_ip_members 10000" "$(grep '^cluster_ip_members' bench.out)"
ki_expect_eq bench-node-port-members "node_port_members 5000" "$(grep '^node_port_members' bench.out)"
# The change: its three entries (ClusterIP, VIP, NodePort) in one restore, no rules.
ki_expect_contains bench-change-writes-only-its-entries "$change" "3 set entries in 1 ipset writes"
ki_expect_contains bench-change-no-rules-restore "$change" "0 iptables restores"
# "done in X ms" and the two "(Y ms" shares, for the metrics.
field() { echo "$1" | sed -n "s/.*$2 \([0-9.]*\) ms.*/\1/p"; }
ki_metric first_sync "$(field "$first" 'done in')" ms
ki_metric first_sync_ipset "$(echo "$first" | sed -n 's/.*ipset writes (\([0-9.]*\) ms).*/\1/p')" ms
ki_metric first_sync_iptables "$(echo "$first" | sed -n 's/.*iptables restores (\([0-9.]*\) ms.*/\1/p')" ms
ki_metric startup "$(sed -n 's/^startup_ms //p' bench.out)" ms
ki_metric change_sync "$(field "$change" 'done in')" ms
restart=$(grep "^restart: " bench.out)
ki_expect_contains bench-restart-adopts-ipvs "$restart" ": 0 IPVS operations ("
ki_expect_contains bench-restart-adopts-addresses "$restart" " 0 addresses bound and 0 unbound"
ki_expect_contains bench-restart-adopts-sets "$restart" " 0 set entries in 0 ipset writes"
ki_metric restart "$(sed -n 's/^restart_ms //p' bench.out)" ms
ki_metric restart_sync "$(field "$restart" 'done in')" ms
ki_metric change_ipset "$(echo "$change" | sed -n 's/.*ipset writes (\([0-9.]*\) ms).*/\1/p')" ms
