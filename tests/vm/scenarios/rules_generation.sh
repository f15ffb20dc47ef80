# shellcheck shell=sh
# Iptables::Generation on the real kernel, for both back ends and both
# families: what a full sync compares before it reads the rules (no process).
# It must stay put while packets move the counters, and move when anyone
# changes a rule; then the proxy's quiet full syncs read no rules at all.
# ki-vm-timeout: 180

gen() { ki-netfilter-tool generation "$@"; }
tcp_to() { # URL-HOST: a connection attempt through OUTPUT (nothing listens on 9)
  timeout 2 wget -q -O /dev/null "http://$1:9/" 2>/dev/null || true
}

for f in nft legacy; do
  for fam in 4 6; do
    if [ "$fam" = 6 ]; then
      t="ip6tables-$f" v6=-6 dst=::1 host='[::1]'
    else
      t="iptables-$f" v6="" dst=127.0.0.1 host=127.0.0.1
    fi
    name="$f-ipv$fam"
    # Both tables must exist (the proxy's rules are in them).
    for table in nat filter; do $t -t $table -N KI-GEN && $t -t $table -X KI-GEN; done
    ki_check "$name-rule-added" $t -t filter -A OUTPUT -d "$dst" -p tcp --dport 9 -j ACCEPT
    # shellcheck disable=SC2086 # v6 is empty or -6
    g1=$(gen "$f" $v6)
    ki_check "$name-reads" test -n "$g1"
    for _ in 1 2 3; do tcp_to "$host"; done
    packets=$($t -t filter -L OUTPUT -v -n -x | awk '$3 == "ACCEPT" && /dpt:9/ {print $1; exit}')
    ki_check "$name-counters-moved" test "${packets:-0}" -gt 0
    # shellcheck disable=SC2086
    ki_expect_eq "$name-counters-leave-it" "$g1" "$(gen "$f" $v6)"
    $t -t nat -A OUTPUT -d "$dst" -p tcp --dport 1 -j RETURN
    # shellcheck disable=SC2086
    g2=$(gen "$f" $v6)
    ki_check "$name-a-rule-moves-it" test "$g2" != "$g1"
    # shellcheck disable=SC2086
    ki_expect_eq "$name-stable-after" "$g2" "$(gen "$f" $v6)"
    $t -t nat -D OUTPUT -d "$dst" -p tcp --dport 1 -j RETURN
    $t -t filter -D OUTPUT -d "$dst" -p tcp --dport 9 -j ACCEPT
  done
done

# The proxy: with syncPeriod 1s, full syncs after the first read no rules
# (the log's "N reads") until a rule changes behind its back.
modprobe -a ip_vs ip_vs_rr
ip link add ki-node type dummy && ip addr add 192.168.90.1/24 dev ki-node && ip link set ki-node up
mkdir -p svc
cat >svc/web.yaml <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  clusterIP: 10.96.0.10
  ports: [{name: http, port: 80, protocol: TCP}]
YAML
ki_proxy_config "{syncPeriod: 1s, minSyncPeriod: 0s}"
kubeadm-ipvs -v 4 proxy --config proxy.yaml --services-dir svc --hostname-override node-1 \
  >proxy.log 2>&1 &
pid=$!
fulls() { grep -c "full sync done" proxy.log; }
ki_check proxy-full-syncs ki_wait_until 60 sh -c "[ \$(grep -c 'full sync done' proxy.log) -ge 4 ]"
quiet=$(grep "full sync done" proxy.log | tail -2)
ki_expect_contains quiet-full-sync-reads-no-rules "$(echo "$quiet" | tail -1)" "with checks, 0 reads)"
n=$(fulls)
iptables -t nat -F KUBE-SERVICES
ki_check proxy-next-full-sync ki_wait_until 30 sh -c "[ \$(grep -c 'full sync done' proxy.log) -ge $((n + 2)) ]"
repair=$(grep "full sync done" proxy.log | sed -n "$((n + 1)),\$p" | grep -v "with checks, 0 reads)" | head -1)
ki_expect_contains changed-rules-are-read-and-restored "$repair" "1 iptables restores"
ki_check chain-back sh -c 'iptables-save -t nat | grep -q "^-A KUBE-SERVICES"'
kill "$pid"
wait "$pid" 2>/dev/null
grep "full sync done" proxy.log | tail -3
