# shellcheck shell=sh
# `kubeadm-ipvs proxy --services-dir` on a real kernel: it loads the IPVS
# modules itself, programs a Service (virtual server, real servers, the VIP on
# a DOWN kube-ipvs0), real HTTP traffic is balanced to backends in namespaces,
# an EndpointSlice edit moves traffic, an `ipvsadm -D` behind its back is
# repaired, a kill -9 and restart changes nothing in the kernel, deleting the
# Service removes its server and address, and --cleanup removes what the proxy
# owns and nothing else (excludeCIDRs are kept).
# ki-vm-timeout: 180

ki_module_unload ip_vs

ki_check backend-a-serves ki_backend a 1 8080 backend-a
ki_check backend-b-serves ki_backend b 2 8080 backend-b
# Replies from backends to an outside client are un-NATed on the FORWARD path.
# (Setting the sysctls IPVS mode needs is the netfilter issue's work.)
echo 1 >/proc/sys/net/ipv4/ip_forward
# An outside client in its own namespace, reaching the node at 10.244.3.1.
ki_veth_netns client 10.244.3

mkdir -p svc
cat >proxy.yaml <<'YAML'
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ipvs
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
ipvs:
  syncPeriod: 2s
  excludeCIDRs: [192.168.0.0/16]
YAML
cat >svc/web.yaml <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  type: NodePort
  clusterIP: 10.96.0.10
  ports: [{name: http, port: 80, targetPort: 8080, nodePort: 30080, protocol: TCP}]
YAML
slice() {
  {
    echo "apiVersion: discovery.k8s.io/v1"
    echo "kind: EndpointSlice"
    echo "metadata: {name: web-1, namespace: default, labels: {kubernetes.io/service-name: web}}"
    echo "addressType: IPv4"
    echo "ports: [{name: http, port: 8080, protocol: TCP}]"
    echo "endpoints:"
    for ip in "$@"; do echo "- {addresses: [$ip], conditions: {ready: true}}"; done
  } >svc/web-slice.tmp && mv svc/web-slice.tmp svc/web-slice.yaml
}
slice 10.244.1.2 10.244.2.2
ipvsadm -A -t 192.168.5.5:80 -s rr 2>/dev/null  # not ours: excludeCIDRs

start_proxy() {
  kubeadm-ipvs proxy --config proxy.yaml --services-dir svc --hostname-override node-1 \
    >>proxy.log 2>&1 &
  proxy_pid=$!
}
start_proxy
ki_check programs-service ki_wait_until 30 sh -c 'ipvsadm -Ln -t 10.96.0.10:80 | grep -q 10.244.2.2:8080'
# (The rest of the first sync follows IPVS: addresses, sets; the rules may come first.)
ki_check first-sync-done ki_wait_until 30 grep -q "first sync done" proxy.log
if ki_module_loaded ip_vs; then ki_pass proxy-loaded-ip_vs; else ki_fail proxy-loaded-ip_vs "not in /proc/modules"; fi
ki_expect_contains vip-on-kube-ipvs0 "$(ip addr show kube-ipvs0)" "inet 10.96.0.10/32"
ki_expect_contains kube-ipvs0-down "$(ip link show kube-ipvs0)" "state DOWN"
ki_expect_contains both-real-servers "$(ipvsadm -Ln -t 10.96.0.10:80)" "10.244.1.2:8080"

got=""
for _ in 1 2 3 4; do got="$got $(ki_http_get http://10.96.0.10/)"; done
case "$got" in
  " backend-a backend-b backend-a backend-b" | " backend-b backend-a backend-b backend-a") ki_pass traffic-round-robin ;;
  *) ki_fail traffic-round-robin "responses:$got" ;;
esac
got=""
for _ in 1 2; do got="$got $(ip netns exec ki-client timeout 5 wget -q -O - http://10.244.3.1:30080/)"; done
case "$got" in
  " backend-a backend-b" | " backend-b backend-a") ki_pass nodeport-from-outside-client ;;
  *) ki_fail nodeport-from-outside-client "responses:$got" ;;
esac
ki_expect_contains healthz-200 "$(ki_http_get http://127.0.0.1:10256/healthz)" '"nodeEligible": true'
# ClusterIP + NodePort on the three node addresses (10.244.{1,2,3}.1).
# (Reported once the whole first sync is done: IPVS first, then sets and rules.)
ki_check metrics-virtual-servers ki_wait_until 20 sh -c \
  'wget -q -O - http://127.0.0.1:10249/metrics | grep -q "^kubeproxy_ipvs_virtual_servers 4$"'
ki_expect_eq proxy-mode ipvs "$(ki_http_get http://127.0.0.1:10249/proxyMode)"

# An EndpointSlice edit moves traffic to b only.
slice 10.244.2.2
ki_check slice-edit-applied ki_wait_until 10 sh -c '! ipvsadm -Ln -t 10.96.0.10:80 | grep 10.244.1.2:8080 | grep -q "Masq    1"'
got=""
for _ in 1 2 3; do got="$got $(ki_http_get http://10.96.0.10/)"; done
ki_expect_eq traffic-follows-the-slice " backend-b backend-b backend-b" "$got"

# Drift: a virtual server deleted behind the proxy's back comes back.
ipvsadm -D -t 10.96.0.10:80
ki_check drift-repaired ki_wait_until 15 sh -c 'ipvsadm -Ln -t 10.96.0.10:80 | grep -q 10.244.2.2:8080'

# kill -9 and restart: the kernel is adopted as it is, no churn. A real
# server deleted and re-added would start again at 0 inactive connections.
inact() { ipvsadm -Ln -t 10.96.0.10:80 | awk '/10.244.2.2:8080/ {print $6}'; }
# Connections to count: the repair above started the server afresh, and
# expire_nodest_conn (set by the proxy) dropped the old ones with it.
for _ in 1 2 3; do ki_http_get http://10.96.0.10/ >/dev/null; done
ipvsadm -Sn >before.txt
before_inact=$(inact)
# A client loop runs through the kill and the restart; every request must succeed.
(
  i=0
  while [ "$i" -lt 40 ]; do
    ki_http_get http://10.96.0.10/ 2 >/dev/null || echo "request $i failed" >>client-failures
    i=$((i + 1))
    sleep 0.1
  done
) &
client_pid=$!
kill -9 "$proxy_pid"
wait "$proxy_pid" 2>/dev/null
ki_expect_eq table-survives-the-kill "$(cat before.txt)" "$(ipvsadm -Sn)"
ki_expect_eq traffic-while-down backend-b "$(ki_http_get http://10.96.0.10/)"
start_proxy
sleep 4
ki_expect_eq no-change-after-restart "$(cat before.txt)" "$(ipvsadm -Sn)"
after_inact=$(inact)
if [ "${after_inact:-0}" -ge "${before_inact:-1}" ] && [ "${before_inact:-0}" -gt 0 ]; then
  ki_pass no-churn-after-restart
else
  ki_fail no-churn-after-restart "InActConn went from $before_inact to $after_inact"
fi
wait "$client_pid"
ki_expect_eq client-loop-never-failed "" "$(cat client-failures 2>/dev/null)"
ki_expect_contains restart-adopts "$(cat proxy.log)" "kube-ipvs0 adopted"

# Deleting the Service removes its virtual server and address.
rm svc/web.yaml
ki_check service-deleted ki_wait_until 10 sh -c '! ipvsadm -Ln | grep -q 10.96.0.10:80'
ki_check vip-unbound ki_wait_until 10 sh -c '! ip addr show kube-ipvs0 | grep -q 10.96.0.10'
kill "$proxy_pid"
wait "$proxy_pid" 2>/dev/null

# --cleanup: ours goes, excludeCIDRs stay.
cat >svc/web.yaml <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  clusterIP: 10.96.0.10
  ports: [{name: http, port: 80, targetPort: 8080, protocol: TCP}]
YAML
start_proxy
ki_check reprogrammed ki_wait_until 30 sh -c 'ipvsadm -Ln | grep -q 10.96.0.10:80'
kill "$proxy_pid"
wait "$proxy_pid" 2>/dev/null
ki_check cleanup kubeadm-ipvs proxy --cleanup --config proxy.yaml
ki_expect_eq cleanup-kept-excluded "TCP  192.168.5.5:80 rr" "$(ipvsadm -Ln | grep '^TCP')"
if ip link show kube-ipvs0 >/dev/null 2>&1; then ki_fail cleanup-removed-link "kube-ipvs0 still there"; else ki_pass cleanup-removed-link; fi
ki_log "proxy log:"
cat proxy.log
