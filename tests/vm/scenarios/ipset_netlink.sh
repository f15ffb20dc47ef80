# shellcheck shell=sh
# The proxy's ipsets over the kernel's netlink ipset protocol (pkg/netfilter/
# netlink_ipset), judged by the real `ipset` tool. In fresh network
# namespaces: the 34 sets and 15,000 entries of every type and family written
# in one Update give the same `ipset save` (random initval masked, lines
# sorted) and the same set revisions as `ipset restore -exist` of the text
# path's script for the same sets and entries; the netlink List equals the
# project's parse of `ipset save`; -exist semantics (add present, del missing,
# re-create); errors in ipset's words (a set of the proxy's name with another
# type; a full set, naming the entry the kernel refused; destroy of a missing
# set); and the time of writing and listing the 15,000 entries against
# `ipset restore` and `ipset save` in the same boot (metrics, 3 trials each,
# every trial in its own namespace).
# ki-vm-timeout: 300

T=ki-netfilter-tool

# 15,000 "add SET ENTRY" lines over 13 of the 34 sets, every type and family,
# at most 1,500 per set (a hash of 1024 buckets does not resize then: its
# hashsize, printed by `ipset save`, does not depend on the random initval).
gen() {
  awk 'function q(i) { return int(i / 250) "." (i % 250 + 1) }
  function p(i) { return i % 3 == 0 ? "tcp" : (i % 3 == 1 ? "udp" : "sctp") }
  BEGIN {
    for (i = 0; i < 1500; i++) print "add KUBE-CLUSTER-IP 10.96." q(i) "," p(i) ":" (80 + i % 7)
    for (i = 0; i < 1500; i++) print "add KUBE-EXTERNAL-IP 172.16." q(i) ",tcp:443"
    for (i = 0; i < 1000; i++) print "add KUBE-LOAD-BALANCER 198.18." q(i) ",udp:53"
    for (i = 0; i < 1500; i++) printf "add KUBE-6-CLUSTER-IP FD00::%x,%s:80\n", i + 1, p(i)
    for (i = 0; i < 1000; i++) printf "add KUBE-6-EXTERNAL-IP fd00:1::%x,sctp:%d\n", i + 1, 1000 + i
    for (i = 0; i < 1500; i++) print "add KUBE-LOOP-BACK 10.244." q(i) ",tcp:8080,10.244." q(i)
    for (i = 0; i < 1000; i++) printf "add KUBE-6-LOOP-BACK fd00:2::%x,udp:53,fd00:2::%x\n", i + 1, i + 1
    # nets written unmasked, some as hosts (/32 and no prefix): both paths mask them alike
    for (i = 0; i < 1500; i++) {
      net = "10." int(i / 250) "." (i % 250) ".9" (i % 10 == 0 ? "/32" : (i % 10 == 1 ? "" : "/24"))
      print "add KUBE-LOAD-BALANCER-SOURCE-CIDR 192.0.2." (i % 200 + 1) ",tcp:80," net
    }
    for (i = 0; i < 1000; i++) printf "add KUBE-6-LOAD-BALANCER-SOURCE-CID fd00::1,tcp:80,fd01:%x::1/%d\n", i + 1, i % 2 ? 64 : 128
    for (i = 0; i < 1000; i++) print "add KUBE-NODE-PORT-TCP " (30000 + i)
    for (i = 0; i < 500; i++) print "add KUBE-NODE-PORT-UDP udp:" (31000 + i)
    for (i = 0; i < 1000; i++) print "add KUBE-IPVS-IPS 10.97." q(i)
    for (i = 0; i < 1000; i++) printf "add KUBE-6-IPVS-IPS fd00:3::%x\n", i + 1
  }'
}
# `ipset save` of namespace $1 without the random initval, sorted.
saved() { ip netns exec "$1" ipset save | sed 's/ initval 0x[0-9a-f]*//' | sort; }
# Each set's header as `ipset list -t` prints it: name, type, revision, options.
headers() {
  ip netns exec "$1" ipset list -t | sed 's/ initval 0x[0-9a-f]*//' |
    awk '/^(Name|Type|Revision|Header):/'
}
ms() { echo $(($2 - $1)); }

gen >deltas.txt
ki_expect_eq deltas-count 15000 "$(wc -l <deltas.txt | tr -d ' ')"
$T sets-render deltas.txt >script.txt
names=$({ $T sets-script; $T sets-script -6; } | awk '{print $2}')

# --- the same work through each path, 3 trials each, each in a fresh namespace ----
for n in 1 2 3; do
  ki_netns "nl$n"
  ki_netns "txt$n"
  t0=$(ki_now_ms)
  ip netns exec "nl$n" $T sets-update --time deltas.txt 2>"nl$n-write.txt"
  rc=$?
  t1=$(ki_now_ms)
  ki_expect_eq "netlink-write-$n" 0 "$rc"
  ki_metric "netlink_write_15000_wall_ms_$n" "$(ms "$t0" "$t1")" ms
  ki_metric "netlink_write_15000_ms_$n" "$(awk '{print $2}' "nl$n-write.txt")" ms
  t0=$(ki_now_ms)
  ip netns exec "txt$n" ipset restore -exist -f script.txt
  rc=$?
  t1=$(ki_now_ms)
  ki_expect_eq "ipset-restore-$n" 0 "$rc"
  ki_metric "ipset_restore_15000_wall_ms_$n" "$(ms "$t0" "$t1")" ms
  # shellcheck disable=SC2086 # one argument per set name
  t0=$(ki_now_ms)
  ip netns exec "nl$n" $T sets-list --time $names >"nl$n-list.txt" 2>"nl$n-list-time.txt"
  t1=$(ki_now_ms)
  ki_metric "netlink_list_15000_wall_ms_$n" "$(ms "$t0" "$t1")" ms
  ki_metric "netlink_list_15000_ms_$n" "$(awk '{print $2}' "nl$n-list-time.txt")" ms
  t0=$(ki_now_ms)
  ip netns exec "txt$n" ipset save >"txt$n-save.txt"
  t1=$(ki_now_ms)
  ki_metric "ipset_save_15000_wall_ms_$n" "$(ms "$t0" "$t1")" ms
done

# --- what the kernel holds: identical, as `ipset` prints it -------------------------
saved nl1 >nl-saved.txt
saved txt1 >txt-saved.txt
ki_expect_file_eq save-equals-text-path txt-saved.txt nl-saved.txt
ki_expect_eq save-has-every-entry 15000 "$(grep -c '^add ' nl-saved.txt)"
ki_expect_eq save-has-every-set 34 "$(grep -c '^create ' nl-saved.txt)"
headers nl1 >nl-headers.txt
headers txt1 >txt-headers.txt
ki_expect_file_eq revisions-and-options-as-ipset-picks txt-headers.txt nl-headers.txt
ki_check bucketsize-printed grep -q 'create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536 bucketsize 12$' nl-saved.txt
ki_check host-net-printed-bare grep -q '^add KUBE-LOAD-BALANCER-SOURCE-CIDR 192.0.2.1,tcp:80,10.0.0.9$' nl-saved.txt
ki_check v6-compressed grep -q '^add KUBE-6-CLUSTER-IP fd00::1,tcp:80$' nl-saved.txt

# --- the netlink List equals the parse of `ipset save` -----------------------------
ip netns exec nl1 ipset save | $T parse-save - >parsed.txt
ki_expect_file_eq list-equals-parsed-save parsed.txt nl1-list.txt
$T parse-save txt1-save.txt >parsed-txt.txt
ki_expect_file_eq list-equals-text-path-save parsed-txt.txt nl1-list.txt

# --- -exist: re-create, add present, del missing -------------------------------------
ki_check recreate-same ip netns exec nl1 $T sets-update deltas.txt
ki_check create-again-v4 ip netns exec nl1 $T sets-create
head -n 200 deltas.txt >present.txt
ki_check add-present ip netns exec nl1 $T sets-apply present.txt
printf 'del KUBE-CLUSTER-IP 10.99.99.99,tcp:1\ndel KUBE-NODE-PORT-TCP 29999\ndel KUBE-6-IPVS-IPS fd00:9::1\n' >missing.txt
ki_check del-missing ip netns exec nl1 $T sets-apply missing.txt
saved nl1 >nl-saved-2.txt
ki_expect_file_eq exist-changes-nothing nl-saved.txt nl-saved-2.txt
printf 'del KUBE-CLUSTER-IP 10.96.0.1,tcp:80\ndel KUBE-NODE-PORT-TCP 30000\n' >present-del.txt
ki_check del-present ip netns exec nl1 $T sets-apply present-del.txt
ki_check_fails del-present-gone ip netns exec nl1 ipset test KUBE-CLUSTER-IP 10.96.0.1,tcp:80
ki_check_fails del-present-port-gone ip netns exec nl1 ipset test KUBE-NODE-PORT-TCP 30000
ki_check del-kept-others ip netns exec nl1 ipset test KUBE-CLUSTER-IP 10.96.0.2,udp:81

# --- errors, in ipset's words ----------------------------------------------------------
ki_netns err
ip netns exec err ipset create KUBE-CLUSTER-IP hash:ip
ki_check_fails wrong-type-refused ip netns exec err $T sets-create
ki_expect_contains wrong-type-explained "$(cat last-output)" \
  "ipset create KUBE-CLUSTER-IP hash:ip,port family inet: Set cannot be created: set with the same name already exists (it is hash:ip family inet;"
ki_expect_eq wrong-type-others-created 17 "$(ip netns exec err ipset list -n | wc -l | tr -d ' ')"
ip netns exec err ipset create SMALL hash:ip maxelem 4
awk 'BEGIN { for (i = 1; i <= 10; i++) print "add SMALL 10.0.0." i }' >small.txt
ki_check_fails full-set-refused ip netns exec err $T sets-apply small.txt
ki_expect_contains full-set-names-entry "$(cat last-output)" \
  "ipset add SMALL 10.0.0.5: Hash is full, cannot add more elements"
ki_expect_eq full-set-kept-the-first-four 4 "$(ip netns exec err ipset save SMALL | grep -c '^add ')"
ki_check_fails destroy-missing ip netns exec err $T sets-destroy NOPE
ki_expect_contains destroy-missing-explained "$(cat last-output)" \
  "ipset destroy NOPE: The set with the given name does not exist"
ki_check destroy ip netns exec err $T sets-destroy SMALL KUBE-CLUSTER-IP
ki_check_fails destroyed ip netns exec err ipset list -n SMALL

for n in 1 2 3; do ip netns del "nl$n"; ip netns del "txt$n"; done
ip netns del err
