# shellcheck shell=sh
# pkg/netfilter on a real kernel, through ki-netfilter-tool: the netlink Ipset
# creates the proxy's 17 sets per family with upstream's types (again without
# error), add/del deltas apply in one update, and what it lists equals the
# project's parse of `ipset save`, entry for entry, in the form CanonicalEntry
# predicts (tests/vm/scenarios/ipset_netlink.sh compares it with the text path
# at scale); the rendered rules load with iptables-restore
# --noflush under iptables-nft and iptables-legacy, IPv4 and IPv6, twice
# without growing, with CIDR and interface local-traffic detectors; the jumps are inserted once (a second ensure adds nothing);
# a set in use cannot be destroyed; cleanup leaves iptables-save and the sets
# exactly as before, other rules and sets included, and is a no-op when run
# again; backend detection follows kubelet's hint chains; sysctls are written
# only when they differ, conn_reuse_mode only below 5.9, and a read-only
# /proc/sys is explained.
# ki-vm-timeout: 180

T=ki-netfilter-tool
# Everything netfilter shows, without comments and counters.
snapshot() {
  for save in iptables-nft-save iptables-legacy-save ip6tables-nft-save ip6tables-legacy-save; do
    echo "== $save"
    "$save" 2>/dev/null | grep -v '^#' | sed 's/ \[[0-9]*:[0-9]*\]$//'
  done
  echo "== ipset"
  ipset list -n | sort
}

# --- someone else's rules and set, in every table the proxy touches --------------
# (iptables-nft warns on stderr that legacy tables exist too: not news here.)
for f in nft legacy; do
  iptables-$f -A INPUT -p tcp --dport 22 -j ACCEPT 2>/dev/null
  iptables-$f -t nat -A POSTROUTING -o lo -j RETURN 2>/dev/null
  ip6tables-$f -A INPUT -p tcp --dport 22 -j ACCEPT 2>/dev/null
  ip6tables-$f -t nat -A POSTROUTING -o lo -j RETURN 2>/dev/null
done
ipset create OTHER hash:ip
ipset add OTHER 192.0.2.1
snapshot >before.txt

# --- sets: 17 per family, upstream's types, created again without error (netlink) -
ki_check sets-create-v4 $T sets-create
ki_check sets-create-v6 $T sets-create -6
ki_check sets-create-again $T sets-create
ki_check sets-create-again-v6 $T sets-create -6
ipset list -t | awk '/^Name:/ {n=$2} /^Type:/ {print n, $2}' | sort >types.txt
ki_expect_eq sets-count "35" "$(wc -l <types.txt | tr -d ' ')"
$T sets-script | awk '{print $2, $3}' >want4.txt
$T sets-script -6 | awk '{print $2, $3}' >want6.txt
(cat want4.txt want6.txt; echo "OTHER hash:ip") | sort >want.txt
ki_expect_file_eq sets-types-as-rendered want.txt types.txt
ki_check type-loop-back grep -qx 'KUBE-LOOP-BACK hash:ip,port,ip' types.txt
ki_check type-source-cidr-v6 grep -qx 'KUBE-6-LOAD-BALANCER-SOURCE-CID hash:ip,port,net' types.txt
ki_check type-sctp-local-v6 grep -qx 'KUBE-6-NODE-PORT-LOCAL-SCTP-HAS hash:ip,port' types.txt
ki_expect_eq type-node-port "bitmap:port" "$(awk '$1=="KUBE-NODE-PORT-TCP" {print $2}' types.txt)"
ki_check type-ipvs-ips grep -qx 'KUBE-IPVS-IPS hash:ip' types.txt
ki_expect_eq sets-inet6 "12" "$(ipset list -t | grep -c 'family inet6')"

# --- deltas: entries written in other spellings come back as CanonicalEntry says --
# TYPE FAMILY SET WRITTEN
cat >spellings.txt <<'EOF'
hash:ip,port inet KUBE-CLUSTER-IP 10.96.0.10,tcp:80
hash:ip,port inet KUBE-CLUSTER-IP 10.96.0.10,udp:53
hash:ip,port inet KUBE-CLUSTER-IP 10.96.0.11,sctp:36412
hash:ip,port inet KUBE-CLUSTER-IP 10.96.0.12,6:81
hash:ip,port inet KUBE-CLUSTER-IP 10.0.0.1,17:99
hash:ip,port inet KUBE-CLUSTER-IP 10.0.0.1,132:9
hash:ip,port inet KUBE-CLUSTER-IP 10.0.0.1,TCP:7
hash:ip,port inet KUBE-CLUSTER-IP 10.0.0.2,80
hash:ip,port inet KUBE-CLUSTER-IP 10.96.0.14,tcp:0
hash:ip,port inet6 KUBE-6-CLUSTER-IP FD00:0:0::0:11,tcp:80
hash:ip,port inet6 KUBE-6-CLUSTER-IP [fd00::12],tcp:80
hash:ip,port,ip inet KUBE-LOOP-BACK 10.244.1.2,tcp:8080,10.244.1.2
hash:ip,port,ip inet6 KUBE-6-LOOP-BACK fd00::1,tcp:80,fd00::1
hash:ip,port,net inet KUBE-LOAD-BALANCER-SOURCE-CIDR 1.2.3.4,tcp:80,10.1.2.3/32
hash:ip,port,net inet KUBE-LOAD-BALANCER-SOURCE-CIDR 1.2.3.4,tcp:80,10.9.9.9/16
hash:ip,port,net inet6 KUBE-6-LOAD-BALANCER-SOURCE-CID fd00::1,tcp:80,fd01::/64
hash:ip,port,net inet6 KUBE-6-LOAD-BALANCER-SOURCE-CID fd00::1,tcp:80,fd02::1/128
bitmap:port inet KUBE-NODE-PORT-TCP 30080
bitmap:port inet KUBE-NODE-PORT-TCP tcp:200
bitmap:port inet KUBE-6-NODE-PORT-UDP 65535
hash:ip inet KUBE-IPVS-IPS 10.96.0.10
hash:ip inet6 KUBE-6-IPVS-IPS fd00::10
EOF
awk '{print "add", $3, $4}' spellings.txt >adds.txt
ki_check sets-apply-adds $T sets-apply adds.txt
ok=1
while read -r type family set written; do
  want=$($T canon "$type" "$family" "$written")
  if ! ipset save "$set" | grep -qx "add $set $want"; then
    ki_fail "canon-$set-$written" "kernel did not print '$want': $(ipset save "$set" | tr '\n' '|')"
    ok=0
  fi
done <spellings.txt
[ $ok = 1 ] && ki_pass canonical-entries-match-kernel

# The netlink listing against the raw text, member by member, and against the
# project's parse of `ipset save`, set by set.
ipset save | awk '$1=="add" {print $2, $3}' | sort >raw-members.txt
$T sets-list | awk '$2!="type"' | sort >listed-members.txt
ki_expect_file_eq list-equals-save-members raw-members.txt listed-members.txt
ipset save | $T parse-save - >parsed.txt
$T sets-list >listed.txt
ki_expect_file_eq list-equals-parsed-save parsed.txt listed.txt
ki_expect_eq listed-family-v6 "KUBE-6-CLUSTER-IP type hash:ip,port family inet6" \
  "$($T sets-list KUBE-6-CLUSTER-IP | head -n 1)"

# del of present and missing entries, add of a present one: all in one update.
printf 'del KUBE-CLUSTER-IP 10.96.0.10,tcp:80\ndel KUBE-CLUSTER-IP 10.1.1.1,tcp:1\nadd KUBE-CLUSTER-IP 10.96.0.10,udp:53\ndel KUBE-NODE-PORT-TCP 200\n' >deltas.txt
ki_check sets-apply-deltas $T sets-apply deltas.txt
ki_check_fails del-applied ipset test KUBE-CLUSTER-IP 10.96.0.10,tcp:80
ki_check add-kept ipset test KUBE-CLUSTER-IP 10.96.0.10,udp:53
ki_expect_eq node-ports-after-del "KUBE-NODE-PORT-TCP 30080" "$($T sets-list KUBE-NODE-PORT-TCP | tail -n 1)"
printf 'add KUBE-CLUSTER-IP 10.96.0.20,tcp:80\nadd KUBE-CLUSTER-IP 10.96.0.300,tcp:80\n' >bad.txt
ki_check_fails sets-apply-bad-entry $T sets-apply bad.txt
ki_expect_contains bad-entry-named "$(cat last-output)" 'ipset set KUBE-CLUSTER-IP: ipset entry "10.96.0.300,tcp:80": "10.96.0.300" is not an IPv4 address'
ki_check_fails bad-entry-sends-nothing ipset test KUBE-CLUSTER-IP 10.96.0.20,tcp:80

# --- rules: both back ends, both families, twice -----------------------------------
for f in nft legacy; do
  ki_check "rules-$f-v4" $T rules-restore $f --local-cidr 10.244.0.0/16 --lb 1.2.3.4,tcp,80
  ki_check "rules-$f-v6" $T rules-restore $f -6 --masquerade-all --lb fd00::1,udp,53
  iptables-$f-save >"rules-$f-1.txt"
  ki_check "rules-$f-v4-again" $T rules-restore $f --local-cidr 10.244.0.0/16 --lb 1.2.3.4,tcp,80
  ki_check "rules-$f-v6-again" $T rules-restore $f -6 --masquerade-all --lb fd00::1,udp,53
  iptables-$f-save >"rules-$f-2.txt"
  ki_expect_eq "rules-$f-reload-same-count" "$(grep -c '^-A' "rules-$f-1.txt")" "$(grep -c '^-A' "rules-$f-2.txt")"
  for c in KUBE-SERVICES KUBE-POSTROUTING KUBE-NODE-PORT KUBE-LOAD-BALANCER KUBE-MARK-MASQ \
    KUBE-FORWARD KUBE-PROXY-FIREWALL KUBE-SOURCE-RANGES-FIREWALL KUBE-IPVS-FILTER KUBE-IPVS-OUT-FILTER; do
    ki_check "chain-$f-$c" grep -q "^:$c - " "rules-$f-2.txt"
    ki_check "chain6-$f-$c" sh -c "ip6tables-$f-save | grep -q '^:$c - '"
  done
  ki_check "local-cidr-$f" grep -q -- '^-A KUBE-SERVICES ! -s 10.244.0.0/16 .*KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ' "rules-$f-2.txt"
  ki_check "lb-out-filter-$f" grep -q -- '^-A KUBE-IPVS-OUT-FILTER -s 1.2.3.4/32 -m ipvs .*--vport 80 -j DROP' "rules-$f-2.txt"
  ki_check "v6-sets-$f" sh -c "ip6tables-$f-save | grep -q -- '--match-set KUBE-6-LOAD-BALANCER-SOURCE-CID dst,dst,src'"
  # detectLocalMode InterfaceNamePrefix (and BridgeInterface): an interface match instead.
  ki_check "local-interface-$f" $T rules-restore $f --local-interface veth+ --lb 1.2.3.4,tcp,80
  ki_check "local-interface-rule-$f" sh -c "iptables-$f-save | grep -q -- '^-A KUBE-SERVICES ! -i veth+ .*KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ'"
  ki_check "local-interface-v6-$f" $T rules-restore $f -6 --local-interface cbr0
  ki_check "local-interface-rule-v6-$f" sh -c "ip6tables-$f-save | grep -q -- '^-A KUBE-SERVICES ! -i cbr0 .*KUBE-6-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ'"

  # --- jumps: inserted once, where upstream puts them
  ki_expect_eq "jumps-$f-v4" "inserted 9" "$($T ensure-jumps $f)"
  ki_expect_eq "jumps-$f-v4-again" "inserted 0" "$($T ensure-jumps $f)"
  ki_expect_eq "jumps-$f-v6" "inserted 9" "$($T ensure-jumps $f -6)"
  ki_expect_eq "jumps-$f-v6-again" "inserted 0" "$($T ensure-jumps $f -6)"
  iptables-$f-save -t filter | grep '^-A INPUT' >"input-$f.txt"
  printf '%s\n' \
    '-A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER' \
    '-A INPUT -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL' \
    '-A INPUT -m comment --comment "kubernetes health check rules" -j KUBE-NODE-PORT' \
    '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT' >want-input.txt
  ki_expect_file_eq "jumps-$f-first-in-input" want-input.txt "input-$f.txt"
  ki_check "jump-$f-output" sh -c "iptables-$f-save -t nat | grep -qx -- '-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES'"
done
ki_check_fails set-in-use-not-destroyed ipset destroy KUBE-CLUSTER-IP

# --- cleanup: exactly the state before, then nothing to do ---------------------------
out=$($T cleanup nft legacy)
ki_expect_contains cleanup-report "$out" "sets=34"
snapshot >after.txt
ki_expect_file_eq cleanup-restores-before before.txt after.txt
ki_check cleanup-again $T cleanup nft legacy
snapshot >after2.txt
ki_expect_file_eq cleanup-again-no-change before.txt after2.txt

# --- backend detection: kubelet's hint chain decides -----------------------------------
iptables-legacy -t mangle -N KUBE-IPTABLES-HINT 2>/dev/null
ki_expect_contains detect-legacy-hint "$($T detect)" "reason: kubelet's chains are in iptables-legacy"
ki_expect_eq detect-legacy-tools "legacy /usr/sbin/iptables-legacy" "$($T detect | head -n 1 | cut -d' ' -f1,2)"
iptables-legacy -t mangle -X KUBE-IPTABLES-HINT 2>/dev/null
ip6tables-nft -t mangle -N KUBE-KUBELET-CANARY 2>/dev/null
ki_expect_contains detect-nft-canary "$($T detect)" "reason: kubelet's chains are in iptables-nft"
ki_expect_eq detect-nft-v6-tools "nft /usr/sbin/ip6tables-nft" "$($T detect | sed -n 2p | cut -d' ' -f1,2)"
ip6tables-nft -t mangle -X KUBE-KUBELET-CANARY 2>/dev/null

# --- sysctls ---------------------------------------------------------------------------
ki_check load-ip_vs modprobe ip_vs
echo 0 >/proc/sys/net/ipv4/vs/conntrack
echo 1 >/proc/sys/net/ipv4/vs/expire_nodest_conn
ki_expect_contains sysctls-changed "$($T sysctls 6.1.0-56-cloud-amd64)" "net.ipv4.vs.conntrack"
ki_expect_eq conntrack-set "1" "$(cat /proc/sys/net/ipv4/vs/conntrack)"
ki_expect_eq sysctls-second-run-writes-nothing "" "$($T sysctls 6.1.0)"
echo 1 >/proc/sys/net/ipv4/vs/conn_reuse_mode
ki_expect_eq conn-reuse-left-on-5.9 "" "$($T sysctls 5.9.0)"
ki_expect_eq conn-reuse-set-below-5.9 "net.ipv4.vs.conn_reuse_mode" "$($T sysctls 5.4.0)"
ki_expect_eq conn-reuse-value "0" "$(cat /proc/sys/net/ipv4/vs/conn_reuse_mode)"
mkdir -p ro && /bin/mount -t tmpfs tmpfs ro && mkdir -p ro/net/ipv4/vs &&
  echo 0 >ro/net/ipv4/vs/conntrack && /bin/mount -o remount,ro ro
ki_check_fails sysctls-read-only $T sysctls 6.1.0 --root "$KI_TMP/ro"
ki_expect_contains read-only-explained "$(cat last-output)" "/proc/sys is read-only here, as in an unprivileged container: run the proxy privileged, or set it on the host: sysctl -w net.ipv4.vs.conntrack=1): Read-only file system"
/bin/umount ro
