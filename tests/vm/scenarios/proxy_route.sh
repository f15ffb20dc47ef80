# shellcheck shell=sh
# The proxy with --service-cluster-ip-range (docs/design-local-route.md): one
# local route per service CIDR on lo instead of a /32 per ClusterIP on
# kube-ipvs0, with the semantics upstream's IPVS mode gives, checked with
# real traffic: a pod (a) and the node reach a ClusterIP; a host service on
# 0.0.0.0 answers neither on a ClusterIP nor on an unallocated address of the
# CIDR; ping to an unallocated address gets no answer; a deleted Service's
# ClusterIP is refused; an externalIP outside the CIDR is still bound and
# served; strictARP's sysctls are set. A node that binds its ClusterIPs
# migrates to the route, and back, while a pod keeps requesting a ClusterIP:
# not one request fails. A route deleted behind the proxy's back comes back;
# the IPv6 CIDR gets its route and rule; --cleanup removes the routes.
# iproute2, iptables-save and ipset are the judges.
# ki-vm-timeout: 240

in_ns() { ns=$1; shift; ip netns exec "ki-$ns" "$@"; }
get() { ip netns exec "ki-$1" timeout "${3:-5}" wget -q -O - "$2"; }
routes() { { ip route show table local; ip -6 route show table local; } 2>&1 | grep 'proto 212'; }
bound() { ip -o addr show dev kube-ipvs0 | awk '{print $4}' | sort | tr '\n' ' '; }
filter_rules() { iptables-save -t filter | grep '^-A KUBE-IPVS-FILTER'; }

ki_check backend-b ki_backend b 2 8080 backend-b
ki_veth_netns a 10.244.1
ki_veth_netns client 192.168.50
mkdir -p "$KI_TMP/www-host" && echo host >"$KI_TMP/www-host/index.html"
httpd -f -p 2222 -h "$KI_TMP/www-host" &
ki_check host-service-up ki_wait_until 10 ki_http_get http://10.244.1.1:2222/
modprobe ip_vs
ki_node_tables
echo 0 >/proc/sys/net/ipv4/conf/all/arp_ignore
echo 0 >/proc/sys/net/ipv4/conf/all/arp_announce

mkdir -p svc
ki_proxy_config
service() {  # name clusterIP [externalIP]
  cat <<YAML
---
apiVersion: v1
kind: Service
metadata: {name: $1, namespace: default}
spec:
  clusterIP: $2
  ports: [{name: http, port: 80, targetPort: 8080, protocol: TCP}]
$([ -z "${3:-}" ] || echo "  externalIPs: [$3]")
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: $1-1, namespace: default, labels: {kubernetes.io/service-name: $1}}
addressType: IPv4
ports: [{name: http, port: 8080, protocol: TCP}]
endpoints: [{addresses: [10.244.2.2], nodeName: node-2, conditions: {ready: true}}]
YAML
}
{
  service web 10.96.0.10 192.0.2.50
  service gone 10.96.0.11
} >svc/all.yaml

proxy_pid=""
start_proxy() {  # [flags...]: (re)starts the proxy; waits for its first sync
  if [ -n "$proxy_pid" ]; then
    kill "$proxy_pid"
    wait "$proxy_pid" 2>/dev/null
  fi
  echo "$(ki_now_ms) proxy started $*" >>phases.txt
  kubeadm-ipvs proxy --config proxy.yaml --services-dir svc --hostname-override node-1 "$@" \
    >>proxy.log 2>&1 &
  proxy_pid=$!
  n=$(grep -c "first sync done" proxy.log)
  ki_wait_until 60 sh -c "[ \$(grep -c 'first sync done' proxy.log) -gt $n ]"
}

# --- bound ClusterIPs, as upstream
ki_check proxy-binding start_proxy
ki_expect_eq binds-clusterips "10.96.0.10/32 10.96.0.11/32 192.0.2.50/32 " "$(bound)"
ki_expect_eq no-route-without-flag "" "$(routes)"

# From here on a pod requests the ClusterIP without pause (paced, not
# timed): one line per request, a failure with its time.
: >traffic.txt
(
  while [ ! -e stop-traffic ]; do
    if get a http://10.96.0.10/ 2 >/dev/null; then echo ok; else echo "fail at $(ki_now_ms)"; fi
    sleep 0.05
  done >>traffic.txt
) &
traffic_pid=$!
requests() { wc -l <traffic.txt | tr -d ' '; }
more_requests() {  # waits for 10 requests after now
  n=$(requests)
  ki_wait_until 30 sh -c "[ \$(wc -l <traffic.txt) -ge $((n + 10)) ]"
}

ki_check traffic-flows more_requests

# --- restarted with the flag: the same node migrates to the route
ki_check proxy-routed start_proxy --service-cluster-ip-range 10.96.0.0/12,fd00:10:96::/108
ki_expect_contains route-v4 "$(routes)" "local 10.96.0.0/12 dev lo proto 212 scope host"
ki_expect_contains route-v6 "$(routes)" "local fd00:10:96::/108 dev lo proto 212"
ki_expect_eq clusterips-unbound "192.0.2.50/32 " "$(bound)"
ki_expect_contains migration-logged "$(grep 'first sync done' proxy.log | tail -1)" \
  "0 addresses bound and 2 unbound"
ki_expect_contains reject-rule "$(filter_rules)" \
  "-A KUBE-IPVS-FILTER -d 10.96.0.0/12 -m conntrack --ctstate NEW -j REJECT --reject-with icmp-port-unreachable"
ki_expect_contains reject-rule-v6 "$(ip6tables-save -t filter | grep '^-A KUBE-IPVS-FILTER')" \
  "-d fd00:10:96::/108"
ki_expect_contains ipvs-ips-keeps-clusterip "$(ipset list KUBE-IPVS-IPS)" "10.96.0.10"
ki_expect_eq strict-arp-ignore 1 "$(cat /proc/sys/net/ipv4/conf/all/arp_ignore)"
ki_expect_eq strict-arp-announce 2 "$(cat /proc/sys/net/ipv4/conf/all/arp_announce)"
ki_check traffic-flows-routed more_requests
ki_expect_eq clusterip-from-pod backend-b "$(get a http://10.96.0.10/)"
ki_expect_eq clusterip-from-node backend-b "$(ki_http_get http://10.96.0.10/)"
ki_expect_eq externalip-outside-cidr backend-b "$(get client http://192.0.2.50/)"
ki_expect_eq host-service-on-node-ip host "$(get a http://10.244.1.1:2222/)"
ki_expect_contains host-service-not-on-clusterip "$(get a http://10.96.0.10:2222/ 3 2>&1)" refused
ki_expect_contains host-service-not-on-unallocated "$(get a http://10.100.3.4:2222/ 3 2>&1)" refused
ki_expect_contains host-service-not-on-unallocated-from-node \
  "$(ki_http_get http://10.96.5.5:2222/ 3 2>&1)" refused
ki_expect_contains unallocated-port-80-refused "$(get a http://10.96.5.5/ 3 2>&1)" refused
ki_check_fails unallocated-no-ping in_ns a ping -c 1 -W 2 10.96.5.5

# A Service deleted: its ClusterIP is refused, the route stays.
service web 10.96.0.10 192.0.2.50 >svc/all.yaml.tmp && mv svc/all.yaml.tmp svc/all.yaml
ki_check deleted-service-withdrawn ki_wait_until 10 sh -c '! ipvsadm -Ln | grep -q 10.96.0.11:80'
ki_expect_contains deleted-clusterip-refused "$(get a http://10.96.0.11/ 3 2>&1)" refused
ki_expect_contains route-stays "$(routes)" "local 10.96.0.0/12"

# Restarted with the same flag: nothing to add, nothing unbound.
ki_check proxy-restarted-routed start_proxy --service-cluster-ip-range 10.96.0.0/12,fd00:10:96::/108
ki_expect_contains restart-adds-no-route "$(grep 'first sync done' proxy.log | tail -1)" \
  "0 local routes added and 0 removed"

# --- and back: the ClusterIPs are bound again before the route goes
ki_check proxy-unrouted start_proxy
ki_expect_eq route-removed "" "$(routes)"
ki_expect_eq clusterips-bound-again "10.96.0.10/32 192.0.2.50/32 " "$(bound)"
ki_check_fails reject-rule-removed sh -c 'iptables-save -t filter | grep -q -- "-d 10.96.0.0/12"'
ki_check traffic-flows-unrouted more_requests
ki_expect_contains host-service-still-not-on-clusterip "$(get a http://10.96.0.10:2222/ 3 2>&1)" refused

touch stop-traffic
wait "$traffic_pid"
ki_expect_eq no-request-failed 0 "$(grep -c fail traffic.txt)"
grep fail traffic.txt | head -5
cat phases.txt
ki_metric requests "$(requests)" requests

ki_check proxy-routed-again start_proxy --service-cluster-ip-range 10.96.0.0/12
# Behind the proxy's back (traffic to the range stops until then): the route
# deleted comes back with the next full sync.
ip route del local 10.96.0.0/12 dev lo table local proto 212
ki_check route-restored ki_wait_until 10 sh -c 'ip route show table local proto 212 | grep -q 10.96.0.0/12'
ki_expect_eq clusterip-after-route-restored backend-b "$(get a http://10.96.0.10/)"

# --cleanup takes the routes too, whatever its flags.
kill "$proxy_pid"
wait "$proxy_pid" 2>/dev/null
ki_check cleanup kubeadm-ipvs proxy --cleanup --config proxy.yaml
ki_expect_eq cleanup-removed-routes "" "$(routes)"
ki_check_fails cleanup-left-no-rule sh -c 'iptables-save -t filter | grep -q KUBE-IPVS-FILTER'
ki_log "proxy log:"
cat proxy.log
