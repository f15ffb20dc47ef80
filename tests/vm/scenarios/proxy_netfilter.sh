# shellcheck shell=sh
# What IPVS can't do alone, on a real kernel: the proxy's ipsets, iptables
# rules and sysctls, checked with real traffic between namespaces standing in
# for pods on this node (a: node-1, this node), a pod on another node (b:
# node-2), an outside client (192.168.50.2) and a second, disallowed one
# (192.168.60.2), and the node itself. Mirrors node-level promises of
# Kubernetes' sig-network e2e tests (test/e2e/network/service.go,
# networking.go, conntrack.go): source IP kept through a ClusterIP with
# clusterCIDR set, hairpin, NodePort with externalTrafficPolicy Cluster (SNAT)
# and Local (client IP kept; no local endpoint: dropped),
# loadBalancerSourceRanges (and the node's own access dropped when they leave
# it out), health-check node ports answering 200/503 by local endpoints, no
# endpoints refused at once, ClientIP affinity,
# internalTrafficPolicy Local, one port on TCP and UDP, host services not
# reachable on ClusterIPs (KUBE-IPVS-FILTER), a UDP client following a
# replaced backend on the same flow, rules and set members deleted behind the
# proxy's back come back, no restore when nothing changed, sets that follow
# Service changes with no `ipset` process started (an `ipset` first on the
# proxy's PATH records any call), and --cleanup leaving iptables, ipsets and
# IPVS as they were without the ipset tool (hidden).
# ki-vm-timeout: 240

# A backend that answers "<name> <client address as it sees it>".
echo_backend() {
  ki_veth_netns "$1" "10.244.$2"
  mkdir -p "$KI_TMP/www-$1/cgi-bin"
  # httpd says [::ffff:10.244.1.2] for an IPv4 client: print the address.
  printf '#!/bin/sh\necho "Content-Type: text/plain"\necho\na=${REMOTE_ADDR#[}; a=${a%%]}\necho "%s ${a#::ffff:}"\n' "$1" \
    >"$KI_TMP/www-$1/cgi-bin/ip"
  chmod 755 "$KI_TMP/www-$1/cgi-bin/ip"
  ip netns exec "ki-$1" httpd -f -p 8080 -h "$KI_TMP/www-$1" &
  ki_wait_until 10 ki_http_get "http://10.244.$2.2:8080/cgi-bin/ip"
}
in_ns() { ns=$1; shift; ip netns exec "ki-$ns" "$@"; }
# (timeout inside the namespace: busybox's timeout would run busybox's ip.)
get() { ip netns exec "ki-$1" timeout "${3:-5}" wget -q -O - "$2"; }
snapshot() {
  { iptables-save | grep -v '^#'; ip6tables-save | grep -v '^#'; ipset list -n | sort; ipvsadm -Ln; } 2>&1
}

ki_check backend-a echo_backend a 1
ki_check backend-b echo_backend b 2
for n in a b; do ip netns exec "ki-$n" ki-udp-echo serve 5353 "$n" & done
# Outside clients in their own namespaces, routed through the node.
ki_veth_netns client 192.168.50
ki_veth_netns client2 192.168.60
# A host service on the node: must answer on node addresses, never on a VIP.
mkdir -p "$KI_TMP/www-host" && echo host >"$KI_TMP/www-host/index.html"
httpd -f -p 2222 -h "$KI_TMP/www-host" &
ki_check host-service-up ki_wait_until 10 ki_http_get http://10.244.1.1:2222/

echo 0 >/proc/sys/net/ipv4/ip_forward
ki_node_tables
modprobe ip_vs
before=$(snapshot)

mkdir -p svc
ki_proxy_config
svc() {  # name clusterIP type nodePort policy [extra spec yaml]
  cat <<YAML
---
apiVersion: v1
kind: Service
metadata: {name: $1, namespace: default}
spec:
  type: $3
  clusterIP: $2
  externalTrafficPolicy: $5
  ports: [{name: http, port: 80, targetPort: 8080, protocol: TCP$([ "$4" = 0 ] || echo ", nodePort: $4")}]
$6
YAML
}
slice() {  # service endpoint:node...
  name=$1; shift
  echo "---"
  echo "apiVersion: discovery.k8s.io/v1"
  echo "kind: EndpointSlice"
  echo "metadata: {name: $name-1, namespace: default, labels: {kubernetes.io/service-name: $name}}"
  echo "addressType: IPv4"
  echo "ports: [{name: http, port: 8080, protocol: TCP}]"
  echo "endpoints:"
  for ep in "$@"; do
    echo "- {addresses: [${ep%%:*}], nodeName: ${ep##*:}, conditions: {ready: true}}"
  done
}
{
  svc web 10.96.0.10 NodePort 30080 Cluster
  slice web 10.244.1.2:node-1 10.244.2.2:node-2
  svc local-web 10.96.0.11 NodePort 30081 Local
  slice local-web 10.244.1.2:node-1 10.244.2.2:node-2
  svc remote-only 10.96.0.12 NodePort 30082 Local
  slice remote-only 10.244.2.2:node-2
  svc self 10.96.0.13 ClusterIP 0 Cluster
  slice self 10.244.1.2:node-1
  svc lb 10.96.0.14 LoadBalancer 30084 Cluster "  loadBalancerSourceRanges: [192.168.50.0/24]
status: {loadBalancer: {ingress: [{ip: 192.0.2.100}]}}"
  slice lb 10.244.1.2:node-1 10.244.2.2:node-2
  # Its source ranges leave out every node address: the node may not use it.
  svc lb-closed 10.96.0.20 LoadBalancer 30085 Cluster "  loadBalancerSourceRanges: [192.168.50.2/32]
status: {loadBalancer: {ingress: [{ip: 192.0.2.101}]}}"
  slice lb-closed 10.244.1.2:node-1 10.244.2.2:node-2
  svc empty 10.96.0.16 ClusterIP 0 Cluster
  svc sticky 10.96.0.17 ClusterIP 0 Cluster "  sessionAffinity: ClientIP"
  slice sticky 10.244.1.2:node-1 10.244.2.2:node-2
  svc int-local 10.96.0.19 ClusterIP 0 Cluster "  internalTrafficPolicy: Local"
  slice int-local 10.244.1.2:node-1 10.244.2.2:node-2
  cat <<'YAML'
---
apiVersion: v1
kind: Service
metadata: {name: both, namespace: default}
spec:
  clusterIP: 10.96.0.18
  ports:
  - {name: web, port: 5353, targetPort: 8080, protocol: TCP}
  - {name: dns, port: 5353, targetPort: 5353, protocol: UDP}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: both-1, namespace: default, labels: {kubernetes.io/service-name: both}}
addressType: IPv4
ports: [{name: web, port: 8080, protocol: TCP}, {name: dns, port: 5353, protocol: UDP}]
endpoints: [{addresses: [10.244.2.2], nodeName: node-2, conditions: {ready: true}}]
YAML
} >svc/all.yaml
udp_service() {  # name clusterIP [endpoint]
  cat <<YAML
apiVersion: v1
kind: Service
metadata: {name: $1, namespace: default}
spec:
  clusterIP: $2
  ports: [{name: dns, port: 5353, targetPort: 5353, protocol: UDP}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: $1-1, namespace: default, labels: {kubernetes.io/service-name: $1}}
addressType: IPv4
ports: [{name: dns, port: 5353, protocol: UDP}]
endpoints: [$([ -z "$3" ] || echo "{addresses: [$3], nodeName: node-1, conditions: {ready: true}}")]
YAML
}
udp_service dns 10.96.0.15 10.244.1.2 >svc/dns.yaml
udp_service late 10.96.0.22 >svc/late.yaml
health_checked() {  # endpoint:node...
  svc hc 10.96.0.21 LoadBalancer 30086 Local "  healthCheckNodePort: 32100
status: {loadBalancer: {ingress: [{ip: 192.0.2.102}]}}"
  slice hc "$@"
}
health_checked 10.244.1.2:node-1 10.244.2.2:node-2 >svc/hc.yaml

# The proxy speaks netlink to the kernel's ipsets: an `ipset` it would find
# first records being called.
mkdir -p trap
printf '#!/bin/sh\necho "$*" >>%s/ipset-called\nexit 1\n' "$KI_TMP" >trap/ipset
chmod 755 trap/ipset
PATH="$KI_TMP/trap:$PATH" kubeadm-ipvs proxy --config proxy.yaml --services-dir svc \
  --hostname-override node-1 >proxy.log 2>&1 &
proxy_pid=$!
ki_check programmed ki_wait_until 30 sh -c 'ipvsadm -Ln | grep -q 192.0.2.100:80'
ki_check rules-in-place ki_wait_until 10 sh -c 'iptables-save -t filter | grep -q "KUBE-IPVS-FILTER"'
# (The rest of the first sync follows IPVS: addresses, sets; the rules may come first.)
ki_check first-sync-done ki_wait_until 30 grep -q "first sync done" proxy.log
ki_expect_eq ip_forward-set-by-proxy 1 "$(cat /proc/sys/net/ipv4/ip_forward)"

# Sets and rules as reference section 5 has them.
ki_expect_contains set-cluster-ip "$(ipset list KUBE-CLUSTER-IP)" "10.96.0.10,tcp:80"
ki_expect_contains set-node-port "$(ipset list KUBE-NODE-PORT-TCP)" "30080"
ki_expect_contains set-node-port-local "$(ipset list KUBE-NODE-PORT-LOCAL-TCP)" "30081"
ki_expect_contains set-loop-back "$(ipset list KUBE-LOOP-BACK)" "10.244.1.2,tcp:8080,10.244.1.2"
ki_expect_contains set-lb-source-cidr "$(ipset list KUBE-LOAD-BALANCER-SOURCE-CIDR)" "192.0.2.100,tcp:80,192.168.50.0/24"
ki_expect_contains set-ipvs-ips "$(ipset list KUBE-IPVS-IPS)" "10.96.0.10"
nat=$(iptables-save -t nat)
ki_expect_contains jump-output "$nat" '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES'
ki_expect_contains jump-postrouting "$nat" '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING'
ki_expect_contains masq-not-local "$nat" '-A KUBE-SERVICES ! -s 10.244.0.0/16'

# ClusterIP from a pod keeps the pod's address (clusterCIDR set).
got=""
for _ in 1 2 3 4; do got="$got|$(get a http://10.96.0.10/cgi-bin/ip)"; done
ki_expect_contains clusterip-from-pod-reaches-b "$got" "b 10.244.1.2"
# ... and from the node itself.
ki_expect_contains clusterip-from-node "$(ki_http_get http://10.96.0.10/cgi-bin/ip)" "10.244."
# Hairpin: a reaches itself through its Service, masqueraded (else its reply
# would go straight back and be dropped).
hair=$(get a http://10.96.0.13/cgi-bin/ip)
case "$hair" in
  "a 10.244.1.2" | "") ki_fail hairpin-masqueraded "got '$hair'" ;;
  "a "*) ki_pass hairpin-masqueraded ;;
  *) ki_fail hairpin-masqueraded "got '$hair'" ;;
esac
# NodePort, Cluster policy: works, source masqueraded.
np=$(get client http://192.168.50.1:30080/cgi-bin/ip)
case "$np" in
  *" 192.168.50.2" | "") ki_fail nodeport-cluster-snat "got '$np'" ;;
  *) ki_pass nodeport-cluster-snat ;;
esac
# NodePort, Local policy: the backend sees the client.
ki_expect_eq nodeport-local-keeps-client "a 192.168.50.2" "$(get client http://192.168.50.1:30081/cgi-bin/ip)"
# Local policy without a local endpoint: dropped, not forwarded.
ki_check_fails nodeport-local-no-endpoint-dropped get client http://192.168.50.1:30082/cgi-bin/ip 3
# loadBalancerSourceRanges: 192.168.50.0/24 connects, 192.168.60.2 does not.
ki_expect_contains lb-allowed-source "$(get client http://192.0.2.100/cgi-bin/ip)" " "
ki_check_fails lb-disallowed-source get client2 http://192.0.2.100/cgi-bin/ip 3
# Source ranges without the node: an allowed client connects, the node itself
# is dropped (KUBE-IPVS-OUT-FILTER), as the cloud's load balancer would.
ki_expect_contains lb-closed-allowed-client "$(get client http://192.0.2.101/cgi-bin/ip)" " "
ki_expect_contains out-filter-rule "$(iptables-save -t filter)" \
  "-A KUBE-IPVS-OUT-FILTER -s 192.0.2.101/32 -m ipvs --vproto 6 --vaddr 192.0.2.101 --vport 80 -j DROP"
ki_check_fails lb-closed-node-dropped timeout 3 wget -q -O - http://192.0.2.101/cgi-bin/ip
# ... by that rule (its packet counter moved), not by something else.
dropped=$(iptables -t filter -L KUBE-IPVS-OUT-FILTER -n -v -x | awk 'NR > 2 {print $1}')
case "$dropped" in
  "" | 0) ki_fail lb-closed-dropped-by-out-filter "packets: '$dropped'" ;;
  *) ki_pass lb-closed-dropped-by-out-filter ;;
esac
# Health-check node port (externalTrafficPolicy Local): 200 while this node
# has a ready endpoint, 503 once it has none (the load balancer skips it).
hc=$(get client http://192.168.50.1:32100/)
ki_expect_contains health-check-local-endpoints "$hc" '"localEndpoints": 1'
ki_expect_contains health-check-proxy-healthy "$hc" '"serviceProxyHealthy": true'
ki_expect_contains health-check-port-in-set "$(ipset list KUBE-HEALTH-CHECK-NODE-PORT)" 32100
# (A function, not sh -c: busybox sh would run its own ip applet.)
health_check_says() { get client http://192.168.50.1:32100/ 3 2>&1 | grep -q "$1"; }
health_checked 10.244.2.2:node-2 >svc/hc.yaml.tmp && mv svc/hc.yaml.tmp svc/hc.yaml
ki_check health-check-503-without-local-endpoint ki_wait_until 10 health_check_says " 503"
rm svc/hc.yaml
ki_check health-check-closed-with-its-service ki_wait_until 10 health_check_says refused
# A Service without endpoints refuses at once (no wait for a timeout).
ki_expect_contains no-endpoints-refused "$(get a http://10.96.0.16/ 2 2>&1)" "refused"
# ClientIP affinity: one client sticks to one backend.
got=""
for _ in 1 2 3 4; do got="$got $(get client http://10.96.0.17/cgi-bin/ip | cut -d' ' -f1)"; done
case "$got" in
  " a a a a" | " b b b b") ki_pass affinity-sticks ;;
  *) ki_fail affinity-sticks "backends:$got" ;;
esac
# internalTrafficPolicy Local: a pod on this node reaches only this node's endpoint.
got=""
for _ in 1 2 3 4; do got="$got $(get a http://10.96.0.19/cgi-bin/ip | cut -d' ' -f1)"; done
ki_expect_eq internal-local-only-local-endpoint " a a a a" "$got"
# The same port on TCP and UDP, each to its own target.
ki_expect_contains same-port-tcp "$(get client http://10.96.0.18:5353/cgi-bin/ip)" "b "
ki_expect_eq same-port-udp b "$(ip netns exec ki-client ki-udp-echo ask 10.96.0.18 5353 40001)"
# A host service answers on the node's address but not on a ClusterIP.
ki_expect_eq host-service-on-node-ip host "$(get a http://10.244.1.1:2222/)"
ki_check_fails host-service-not-on-clusterip get a http://10.96.0.10:2222/ 3

# UDP: the same client flow (source port 40000) follows a replaced backend at
# once. On this kernel IPVS itself expires the flow (and its conntrack entry)
# when the real server goes, under expire_nodest_conn, which the proxy sets;
# the proxy's own deletion of stale UDP entries (as upstream's) is measured to
# make no difference here and is covered by unit tests.
ask() { ip netns exec ki-client ki-udp-echo ask 10.96.0.15 5353 40000; }
ki_expect_eq udp-first-backend a "$(ask)"
ki_expect_eq udp-same-flow-sticks a "$(ask)"
ki_expect_eq udp-conntrack-entry-to-a 1 "$(conntrack -L -p udp --orig-dst 10.96.0.15 2>/dev/null | grep -c "src=10.244.1.2")"
udp_service dns 10.96.0.15 10.244.2.2 >svc/dns.yaml.tmp && mv svc/dns.yaml.tmp svc/dns.yaml
ki_check udp-backend-replaced ki_wait_until 10 sh -c '! ipvsadm -Ln -u 10.96.0.15:5353 | grep -q 10.244.1.2'
# The flow's conntrack entry to a is gone at once, not left to its UDP timeout.
stale() { conntrack -L -p udp --orig-dst 10.96.0.15 2>/dev/null | grep -c "src=10.244.1.2"; }
ki_expect_eq udp-stale-conntrack-entry-deleted 0 "$(stale)"
ki_expect_eq udp-flow-follows-new-backend b "$(ask)"
# A client that sent before the Service had an endpoint gets answers on the
# same flow once one is ready (conntrack.go: "initial unready endpoints get ready").
late() { ip netns exec ki-client ki-udp-echo ask 10.96.0.22 5353 40003; }
ki_check_fails udp-no-endpoint-yet late
udp_service late 10.96.0.22 10.244.2.2 >svc/late.yaml.tmp && mv svc/late.yaml.tmp svc/late.yaml
ki_check udp-late-endpoint-programmed ki_wait_until 10 sh -c 'ipvsadm -Ln -u 10.96.0.22:5353 | grep -q 10.244.2.2'
ki_expect_eq udp-same-flow-reaches-late-endpoint b "$(late)"

# Nothing changed: full syncs (every 2s) restore nothing.
metric() { ki_http_get http://127.0.0.1:10249/metrics | awk -v m="$1" '$1 == m {print $2}'; }
r1="$(metric kubeproxy_ipvs_ipset_restores_total) $(metric kubeproxy_ipvs_iptables_restores_total)"
sleep 5
r2="$(metric kubeproxy_ipvs_ipset_restores_total) $(metric kubeproxy_ipvs_iptables_restores_total)"
ki_expect_eq no-restore-without-change "$r1" "$r2"

# Behind the proxy's back: a flushed chain and a deleted member come back.
iptables -t nat -F KUBE-SERVICES
ipset del KUBE-CLUSTER-IP 10.96.0.10,tcp:80
ki_check chain-restored ki_wait_until 10 sh -c 'iptables-save -t nat | grep -q "^-A KUBE-SERVICES"'
ki_check member-restored ki_wait_until 10 sh -c 'ipset list KUBE-CLUSTER-IP | grep -q "10.96.0.10,tcp:80"'
ki_expect_contains traffic-after-repair "$(get a http://10.96.0.10/cgi-bin/ip)" " 10.244.1."

# A Service deleted: its members go, shared ones stay.
{
  svc web 10.96.0.10 NodePort 30080 Cluster
  slice web 10.244.1.2:node-1 10.244.2.2:node-2
} >svc/all.yaml.tmp && mv svc/all.yaml.tmp svc/all.yaml
rm svc/dns.yaml svc/late.yaml
ki_check members-withdrawn ki_wait_until 10 sh -c '! ipset list KUBE-NODE-PORT-LOCAL-TCP | grep -q 30081'
ki_expect_contains member-kept "$(ipset list KUBE-NODE-PORT-TCP)" "30080"
ki_check_fails no-ipset-process-started test -e "$KI_TMP/ipset-called"

kill "$proxy_pid"
wait "$proxy_pid" 2>/dev/null
# Without the ipset tool (hidden: no longer a regular file) --cleanup removes
# everything, the sets too (over netlink).
ipset_tool=$(command -v ipset)
mount --bind /dev/null "$ipset_tool"
ki_check cleanup-without-ipset-tool kubeadm-ipvs proxy --cleanup --config proxy.yaml
umount "$ipset_tool"
ki_check_fails cleanup-removed-the-sets ipset list -n KUBE-CLUSTER-IP
ki_check cleanup-again kubeadm-ipvs proxy --cleanup --config proxy.yaml
after=$(snapshot)
if [ "$before" = "$after" ]; then
  ki_pass cleanup-restores-snapshot
else
  ki_fail cleanup-restores-snapshot "differs"
  echo "$before" >before.txt
  echo "$after" >after.txt
  diff before.txt after.txt | head -40
fi
ki_log "proxy log:"
cat proxy.log
