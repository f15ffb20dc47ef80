# shellcheck shell=sh
# Design study for issue #14 goal 2 (docs/design-local-route.md): one route of
# type local for the whole service CIDR instead of one /32 per ClusterIP on
# kube-ipvs0, checked against upstream kube-proxy's IPVS semantics with real
# traffic between namespaces (a pod-like client, a backend, the node itself).
# Each result below is what this kernel does; the doc says what follows.
#  - IPVS serves a ClusterIP through the route alone, to the client and to the
#    node; with the ClusterIP's /32 bound beside it; after the /32 goes.
#  - Without a filter a host service on 0.0.0.0 answers on EVERY address of
#    the CIDR; KUBE-IPVS-FILTER ending in a REJECT of NEW traffic to the CIDR
#    leaves only Service ports: other ports of a ClusterIP and unallocated
#    ClusterIPs are refused (TCP), not pinged back.
#  - ARP on a real link: the CIDR is answered with arp_ignore=0 and not with
#    strictARP's arp_ignore=1, exactly as bound /32s are; with arp_announce=0
#    a ClusterIP is the sender of the node's own ARP requests (route or /32
#    alike), with strictARP's 2 it is not.
#  - externalIPs and LoadBalancer IPs stay /32s on kube-ipvs0 beside the route.
#  - The kernel deletes the route with the link's LAST IPv4 address (not with
#    others, nor on link down/up); an anchor address (the CIDR's network
#    address) or the route on lo avoids that.
#  - IPv6: the route can't be added on a down link; on lo it serves, the
#    filter works the same, and NDP never answers for it.
#  - Cost: COUNTS /32s by `ip -batch` against the one route, each trial in a
#    fresh network namespace of this boot.
# ki-vm-timeout: 120

cidr=10.96.0.0/12
vip=10.96.0.10       # an allocated ClusterIP: IPVS tcp:80 -> backend a
free=10.100.7.7      # an unallocated ClusterIP inside the CIDR
edge=10.111.255.254  # the CIDR's last usable address
eip=192.0.2.10       # an externalIP (outside the CIDR): a /32, as today
lbip=198.51.100.20   # a LoadBalancer ingress IP: a /32, as today
outside=10.200.0.1   # local nowhere
cidr6=fd00:10:96::/112
vip6=fd00:10:96::10
free6=fd00:10:96::99
# /32 counts of the cost trial; 50,000 takes minutes under TCG (see the doc).
counts="2500 10000"

# probe WHERE URL: the body, or refused / unreachable / timeout / error-...
# (WHERE: host, or a namespace ki-WHERE.)
probe() {
  if [ "$1" = host ]; then
    _pr_out=$(timeout 4 wget -q -O - "$2" 2>&1)
  else
    _pr_out=$(ip netns exec "ki-$1" timeout 4 wget -q -O - "$2" 2>&1)
  fi
  _pr_rc=$?
  case "$_pr_rc:$_pr_out" in
    0:*) echo "$_pr_out" ;;
    *refused*) echo refused ;;
    *"No route"* | *nreachable*) echo unreachable ;;
    124:* | 143:*) echo timeout ;;
    *) echo "error-$_pr_rc:$_pr_out" | tr '\n' ' ' ;;
  esac
}
expect_probe() { ki_expect_eq "$1" "$4" "$(probe "$2" "$3")"; } # NAME WHERE URL EXPECTED
route_on() { ip -4 route show table local dev "$1" | grep -q "^local $cidr "; }
route_present() { route_on kube-ipvs0; }
add_route() { ip route add local "$cidr" dev "${1:-kube-ipvs0}" table local proto kernel scope host; }
# arp_reply IP: the client's ARP request for IP on its veth gets a reply.
arp_reply() { ip netns exec ki-client arping -f -c 2 -w 2 -I eth0 -s 192.168.50.2 "$1"; }
neigh_resolved() { ip -n "ki-$1" neigh show "$2" | grep -q lladdr; } # NS ADDR
set_arp() {
  echo "$1" >/proc/sys/net/ipv4/conf/all/arp_ignore
  echo "$2" >/proc/sys/net/ipv4/conf/all/arp_announce
}
# arp_sender_learned SRC: the node pings the backend from SRC; did the backend
# learn SRC from the node's ARP request (SRC used as the sender address)?
arp_sender_learned() {
  ip neigh flush dev ki-a
  ip -n ki-a neigh flush dev eth0
  ping -c 1 -W 2 -I "$1" 10.244.1.2 >/dev/null 2>&1
  ip -n ki-a neigh show "$1" | grep -q lladdr
}

# --- the node: a backend pod, a client pod, a host service, IPVS ----------------
ki_check modules modprobe -a ip_vs ip_vs_rr nf_conntrack || return
echo 1 >/proc/sys/net/ipv4/ip_forward
echo 1 >/proc/sys/net/ipv6/conf/all/forwarding
echo 1 >/proc/sys/net/ipv4/vs/conntrack
ki_check backend ki_backend a 1 80 backend-a || return
ki_veth_netns client 192.168.50
echo 0 >/proc/sys/net/ipv4/conf/ki-client/arp_ignore
mkdir -p www-host && echo host >www-host/index.html
# sshd's stand-in: every address, both families.
httpd -f -p 2222 -h "$KI_TMP/www-host" &
ki_check host-service-up ki_wait_until 10 ki_http_get http://192.168.50.1:2222/ || return
ip link add kube-ipvs0 type dummy # kept down, as the proxy keeps it
for v in "$vip" "$eip" "$lbip"; do
  ki_check "ipvs-$v" sh -c "ipvsadm -A -t $v:80 -s rr && ipvsadm -a -t $v:80 -r 10.244.1.2:80 -m"
done

# --- transition: today's /32s, the route added beside them, the /32s removed -----
for a in "$vip" 10.96.0.11 "$eip" "$lbip"; do ip addr add "$a/32" dev kube-ipvs0; done
expect_probe old-client-vip client "http://$vip/" backend-a
expect_probe old-unallocated-not-local client "http://$free:2222/" unreachable
ki_check both-route-add-beside-32s add_route
ki_check both-route-listed route_present
ki_expect_contains both-unallocated-now-local "$(ip route get "$free")" "local $free dev lo"
expect_probe both-client-vip client "http://$vip/" backend-a
expect_probe both-host-vip host "http://$vip/" backend-a
ip addr del "$vip/32" dev kube-ipvs0
ip addr del 10.96.0.11/32 dev kube-ipvs0
ki_check route-survives-32s-removed route_present
ki_expect_eq only-external-32s-left "$eip/32 $lbip/32" \
  "$(ip -4 -o addr show dev kube-ipvs0 | awk '{print $4}' | sort | xargs)"
expect_probe route-client-vip client "http://$vip/" backend-a
expect_probe route-host-vip host "http://$vip/" backend-a

# --- (a)/(b) without a filter, the host service answers on the whole CIDR -------
expect_probe nofilter-unallocated-answered-by-host client "http://$free:2222/" host
expect_probe nofilter-vip-other-port-answered-by-host client "http://$vip:2222/" host
ki_check nofilter-unallocated-pinged ip netns exec ki-client ping -c 1 -W 2 "$free"

# --- upstream's KUBE-IPVS-FILTER plus one rule for the CIDR ----------------------
for s in KUBE-LOAD-BALANCER KUBE-CLUSTER-IP KUBE-EXTERNAL-IP KUBE-EXTERNAL-IP-LOCAL; do
  ipset create "$s" hash:ip,port
done
ipset create KUBE-HEALTH-CHECK-NODE-PORT bitmap:port range 0-65535
ipset create KUBE-IPVS-IPS hash:ip
ipset add KUBE-CLUSTER-IP "$vip,tcp:80"
ipset add KUBE-EXTERNAL-IP "$eip,tcp:80"
ipset add KUBE-LOAD-BALANCER "$lbip,tcp:80"
# Only the addresses still bound: ClusterIPs no longer need to be members.
ipset add KUBE-IPVS-IPS "$eip"
ipset add KUBE-IPVS-IPS "$lbip"
filter_rules() {
  iptables -N KUBE-IPVS-FILTER &&
    iptables -A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER &&
    for s in KUBE-LOAD-BALANCER KUBE-CLUSTER-IP KUBE-EXTERNAL-IP KUBE-EXTERNAL-IP-LOCAL; do
      iptables -A KUBE-IPVS-FILTER -m set --match-set "$s" dst,dst -j RETURN || return
    done &&
    iptables -A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN &&
    iptables -A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT &&
    iptables -A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -d "$cidr" -j REJECT
}
ki_check filter-rules filter_rules
expect_probe filter-client-vip client "http://$vip/" backend-a
expect_probe filter-host-vip host "http://$vip/" backend-a
expect_probe filter-vip-other-port-refused client "http://$vip:2222/" refused
expect_probe filter-host-vip-other-port-refused host "http://$vip:2222/" refused
expect_probe filter-unallocated-refused client "http://$free:2222/" refused
expect_probe filter-unallocated-service-port-refused client "http://$free/" refused
expect_probe filter-cidr-edge-refused client "http://$edge:2222/" refused
expect_probe filter-host-unallocated-refused host "http://$free:2222/" refused
ki_check_fails filter-unallocated-not-pinged ip netns exec ki-client ping -c 1 -W 2 "$free"
expect_probe filter-node-address-still-served client "http://192.168.50.1:2222/" host
# (d) externalIPs and LoadBalancer IPs: /32s beside the route, as today.
expect_probe external-ip-served client "http://$eip/" backend-a
expect_probe external-ip-other-port-refused client "http://$eip:2222/" refused
expect_probe lb-ip-served client "http://$lbip/" backend-a
expect_probe lb-ip-other-port-refused client "http://$lbip:2222/" refused
ki_expect_contains outside-not-local "$(ip route get "$outside" 2>&1)" "unreachable"

# --- (c) ARP from the client's veth ----------------------------------------------
set_arp 1 2 # strictARP
ki_check arp-strict-node-address-answered arp_reply 192.168.50.1
ki_check_fails arp-strict-vip-unanswered arp_reply "$vip"
ki_check_fails arp-strict-unallocated-unanswered arp_reply "$free"
ki_check_fails arp-strict-external-32-unanswered arp_reply "$eip"
set_arp 0 0 # the kernel's defaults
ki_check arp-loose-vip-answered arp_reply "$vip"
ki_check arp-loose-unallocated-answered arp_reply "$free"
ki_check arp-loose-external-32-answered arp_reply "$eip"
ki_check_fails arp-loose-nonlocal-unanswered arp_reply "$outside"
# The sender address of the node's own ARP requests (arp_announce). Control: an
# address on the outgoing link itself is used as sender with 0, not with 2.
ip addr add 172.16.0.1/32 dev ki-a
ki_check announce0-link-address-is-sender arp_sender_learned 172.16.0.1
# Any local source goes out as sender with 0: a ClusterIP of the route as a
# bound /32 does, told to the pod network. arp_announce=2 (strictARP) stops both.
ki_check announce0-route-address-is-sender arp_sender_learned "$vip"
ki_check announce0-external-32-is-sender arp_sender_learned "$eip"
set_arp 1 2
ki_check_fails announce2-link-address-not-sender arp_sender_learned 172.16.0.1
ki_check_fails announce2-route-address-not-sender arp_sender_learned "$vip"
ki_check_fails announce2-external-32-not-sender arp_sender_learned "$eip"
ip addr del 172.16.0.1/32 dev ki-a

# --- the route and the link's addresses -------------------------------------------
ip link set kube-ipvs0 up
ip link set kube-ipvs0 down
ki_check route-survives-link-up-down route_present
ki_check anchor-bind ip addr add 10.96.0.0/32 dev kube-ipvs0
ip addr del "$eip/32" dev kube-ipvs0
ip addr del "$lbip/32" dev kube-ipvs0
ki_check anchor-keeps-route route_present
expect_probe anchor-client-vip client "http://$vip/" backend-a
expect_probe anchor-refused client "http://10.96.0.0:2222/" refused
ip addr del 10.96.0.0/32 dev kube-ipvs0
ki_check_fails last-address-deletes-route route_present
expect_probe no-route-client-vip-unreachable client "http://$vip/" unreachable
ki_check lo-route-add add_route lo
expect_probe lo-client-vip client "http://$vip/" backend-a
expect_probe lo-host-vip host "http://$vip/" backend-a
expect_probe lo-unallocated-refused client "http://$free:2222/" refused
ki_check_fails lo-arp-strict-unanswered arp_reply "$free"

# --- IPv6 ------------------------------------------------------------------------
ip -6 addr add fd00:244:1::1/64 dev ki-a nodad
ip -n ki-a -6 addr add fd00:244:1::2/64 dev eth0 nodad
ip -n ki-a -6 route add default via fd00:244:1::1
ip -6 addr add fd00:50::1/64 dev ki-client nodad
ip -n ki-client -6 addr add fd00:50::2/64 dev eth0 nodad
ip -n ki-client -6 route add default via fd00:50::1
ki_check_fails v6-route-on-down-link-refused \
  ip -6 route add local "$cidr6" dev kube-ipvs0 table local proto kernel
ki_expect_contains v6-route-on-down-link-error "$(cat "$KI_TMP/last-output")" "not up"
ki_check v6-route-on-lo ip -6 route add local "$cidr6" dev lo table local proto kernel
ki_check v6-ipvs sh -c "ipvsadm -A -t [$vip6]:80 -s rr && ipvsadm -a -t [$vip6]:80 -r [fd00:244:1::2]:80 -m"
expect_probe v6-nofilter-unallocated-answered-by-host client "http://[$free6]:2222/" host
v6_filter() {
  ipset create KUBE-6-CLUSTER-IP hash:ip,port family inet6 &&
    ipset add KUBE-6-CLUSTER-IP "$vip6,tcp:80" &&
    ip6tables -N KUBE-IPVS-FILTER &&
    ip6tables -A INPUT -j KUBE-IPVS-FILTER &&
    ip6tables -A KUBE-IPVS-FILTER -m set --match-set KUBE-6-CLUSTER-IP dst,dst -j RETURN &&
    ip6tables -A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -d "$cidr6" -j REJECT
}
ki_check v6-filter v6_filter
expect_probe v6-client-vip client "http://[$vip6]/" backend-a
expect_probe v6-host-vip host "http://[$vip6]/" backend-a
expect_probe v6-vip-other-port-refused client "http://[$vip6]:2222/" refused
expect_probe v6-unallocated-refused client "http://[$free6]:2222/" refused
# NDP: a neighbour that takes the CIDR as on-link gets no answer for it, as
# for a /128 bound on kube-ipvs0 (NDP answers only the receiving link's own).
ip -6 addr add fd00:10:96::20/128 dev kube-ipvs0 nodad
ip -n ki-client -6 route add "$cidr6" dev eth0
ip netns exec ki-client ping -c 1 -W 3 fd00:10:96::20 >/dev/null 2>&1 &
ip netns exec ki-client ping -c 1 -W 3 "$free6" >/dev/null 2>&1
wait $!
ki_check_fails v6-ndp-route-unanswered neigh_resolved client "$free6"
ki_check_fails v6-ndp-bound-128-unanswered neigh_resolved client fd00:10:96::20
ki_check v6-ndp-node-address-answered neigh_resolved client fd00:50::1

# --- (f) cost: COUNT /32s against one route, each in a fresh namespace ------------
cat >cost.sh <<'EOF'
# A fresh network namespace (unshare -n); $1 = COUNT. Prints the times in ms.
ip=/usr/sbin/ip
now() { /usr/lib/ki-vm/date +%s%3N; }
$ip link set lo up
$ip link add kube-ipvs0 type dummy || exit 1
t0=$(now); $ip -batch /dev/null || exit 1
t1=$(now); $ip -batch route.batch || exit 1
t2=$(now); $ip -batch "bind.$1" || exit 1
t3=$(now)
bound=$($ip -4 -o addr show dev kube-ipvs0 | wc -l)
$ip -batch "unbind.$1" || exit 1
t4=$(now)
routes=$($ip -4 route show table local dev kube-ipvs0 | grep -c '^local 10.96.0.0/12 ')
echo "empty=$((t1 - t0)) route=$((t2 - t1)) bind=$((t3 - t2)) unbind=$((t4 - t3)) bound=$bound routes_after=$routes"
EOF
echo "route add local $cidr dev kube-ipvs0 table local proto kernel scope host" >route.batch
field() { echo " $2" | sed -n "s/.* $1=\([0-9]*\).*/\1/p"; } # NAME "k=v ..."
for n in $counts; do
  for op in add del; do
    # Inside the CIDR from 10.96.1.0 on, as a ClusterIP allocator spreads them.
    awk -v n="$n" -v op="$op" 'BEGIN { for (i = 256; i < n + 256; i++)
      printf "address %s 10.%d.%d.%d/32 dev kube-ipvs0\n", op, 96 + int(i / 65536), int(i / 256) % 256, i % 256 }' \
      >"$( [ "$op" = add ] && echo bind || echo unbind).$n"
  done
  res=$(unshare -n sh cost.sh "$n")
  ki_log "cost $n: $res"
  ki_expect_eq "cost-$n-all-bound" "$n" "$(field bound "$res")"
  # Unbinding them all took the link's last address: the route went with it.
  ki_expect_eq "cost-$n-route-gone-with-last-address" 0 "$(field routes_after "$res")"
  route_ms=$(field route "$res") bind_ms=$(field bind "$res")
  ki_metric "trial-$n-ip-batch-empty" "$(field empty "$res")" ms
  ki_metric "trial-$n-route-add" "$route_ms" ms
  ki_metric "bind-$n" "$bind_ms" ms
  ki_metric "bind-$n-per-1000" "$((bind_ms * 1000 / n))" ms
  ki_metric "unbind-$n" "$(field unbind "$res")" ms
  rm -f "bind.$n" "unbind.$n"
  # The costs are metrics, not assertions (a loaded machine must not fail a
  # test): both include starting ip ("empty"), which hides the difference at
  # small counts; docs/design-local-route.md has one boot's numbers.
done
