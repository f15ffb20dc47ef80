# shellcheck shell=sh
# Real traffic through virtual services the project's IPVS layer programmed:
# HTTP from the node to a VIP on kube-ipvs0, NATed (masq) to real servers in
# network namespaces, balanced as the scheduler says (rr alternates, wrr 2:1);
# then the counters and the connection table as `kubeadm-ipvs ipvs list` shows
# them, compared with ipvsadm.
# ki-vm-timeout: 180

modprobe -a ip_vs ip_vs_rr ip_vs_wrr

ki_check backend-a-serves ki_backend a 1 80 backend-a
ki_check backend-b-serves ki_backend b 2 80 backend-b
ip link add kube-ipvs0 type dummy
ip link set kube-ipvs0 up
ip addr add 10.96.0.10/32 dev kube-ipvs0
ip addr add 10.96.0.11/32 dev kube-ipvs0

# rr: strict alternation.
cat >rr.rules <<'RULES'
-A -t 10.96.0.10:80 -s rr
-a -t 10.96.0.10:80 -r 10.244.1.2:80 -m -w 1
-a -t 10.96.0.10:80 -r 10.244.2.2:80 -m -w 1
RULES
ki_check program-rr ki-ipvs-tool apply rr.rules
got=""
for _ in 1 2 3 4; do got="$got $(ki_http_get http://10.96.0.10/)"; done
case "$got" in
  " backend-a backend-b backend-a backend-b" | " backend-b backend-a backend-b backend-a")
    ki_pass rr-alternates ;;
  *) ki_fail rr-alternates "responses:$got" ;;
esac

# wrr 2:1: in any 6 consecutive connections, 4 to a and 2 to b.
cat >wrr.rules <<'RULES'
-A -t 10.96.0.11:80 -s wrr
-a -t 10.96.0.11:80 -r 10.244.1.2:80 -m -w 2
-a -t 10.96.0.11:80 -r 10.244.2.2:80 -m -w 1
RULES
ki_check program-wrr ki-ipvs-tool apply wrr.rules
: >wrr.out
for _ in 1 2 3 4 5 6; do ki_http_get http://10.96.0.11/ >>wrr.out; done
ki_expect_eq wrr-a-gets-4 4 "$(grep -c backend-a wrr.out)"
ki_expect_eq wrr-b-gets-2 2 "$(grep -c backend-b wrr.out)"

# Weight 0 through the layer: no new connections to b.
ki_check quiesce-b ki-ipvs-tool run -e -t 10.96.0.10:80 -r 10.244.2.2:80 -m -w 0
: >q.out
for _ in 1 2 3; do ki_http_get http://10.96.0.10/ >>q.out; done
ki_expect_eq quiesced-b-gets-none 0 "$(grep -c backend-b q.out)"

# Counters fold every 2 s; compare both listings in one estimator period (retry
# if a fold lands between the two reads).
same_listing() { # NAME OPTIONS...
  name=$1
  shift
  for _ in 1 2 3 4 5; do
    ipvsadm -L "$@" >ipvsadm.out 2>&1
    kubeadm-ipvs ipvs list "$@" >ours.out 2>&1
    cmp -s ipvsadm.out ours.out && break
    sleep 0.3
  done
  ki_expect_file_eq "$name" ipvsadm.out ours.out
}
# The connection table: every field but the expire timer must be identical; the
# timers count down each second, so on a loaded host one may tick between the
# two reads (01:52 vs 01:51). They must be within 2 s of each other and within
# their state's timeout (the kernel's, ip_vs_proto_tcp.c/udp.c; tcp, tcpfin and
# udp as `ipvsadm -L --timeout` says). Persistence templates (NONE, client port
# 0) last their service's persistence timeout: only the 2 s bound applies.
timers_agree() { # FILE1 FILE2: prints each disagreement, exit 1 if any
  # shellcheck disable=SC2046 # three numbers, split on purpose
  set -- "$1" "$2" $(ipvsadm -L --timeout | sed -n 's/^Timeout (tcp tcpfin udp): //p')
  awk -v other="$2" -v tcp="$3" -v fin="$4" -v udp="$5" '
    function secs(t, p) { split(t, p, ":"); return p[1] * 60 + p[2] }
    BEGIN {
      n = split("NONE 2 SYN_SENT 120 SYN_RECV 60 TIME_WAIT 120 CLOSE 10 CLOSE_WAIT 60 " \
                "LAST_ACK 30 LISTEN 120 SYNACK 120", kv, " ")
      for (i = 1; i < n; i += 2) limit[kv[i]] = kv[i + 1]
      limit["ESTABLISHED"] = tcp; limit["FIN_WAIT"] = fin; limit["UDP"] = udp
    }
    {
      if ((getline o < other) <= 0) { print other ": no line " NR; bad = 1; exit }
      if ($2 !~ /^[0-9][0-9]:[0-9][0-9]$/) next
      split(o, f, " ")
      a = secs($2); b = secs(f[2]); d = a > b ? a - b : b - a
      if (d > 2) { print "line " NR ": " $2 " and " f[2] " are " d " s apart"; bad = 1 }
      if ($3 == "NONE" && $4 ~ /:0$/) next
      if (!($3 in limit)) { print "line " NR ": unknown state " $3; bad = 1; next }
      if (a > limit[$3] || b > limit[$3]) {
        print "line " NR ": " $2 " / " f[2] " beyond the " $3 " timeout, " limit[$3] " s"; bad = 1
      }
    }
    END { if (!bad && (getline o < other) > 0) { print other ": more lines"; bad = 1 }; exit bad }
  ' "$1"
}
same_connections() { # NAME OPTIONS...
  name=$1
  shift
  ipvsadm -L "$@" >ipvsadm.raw 2>&1
  kubeadm-ipvs ipvs list "$@" >ours.raw 2>&1
  sed 's/^\(...\) [0-9][0-9]:[0-9][0-9] /\1 MM:SS /' ipvsadm.raw >ipvsadm.out
  sed 's/^\(...\) [0-9][0-9]:[0-9][0-9] /\1 MM:SS /' ours.raw >ours.out
  ki_expect_file_eq "$name" ipvsadm.out ours.out
  ki_check "$name-timers" timers_agree ipvsadm.raw ours.raw
}
sleep 3
same_listing stats-after-traffic -n --stats
same_listing stats-exact-after-traffic -n --stats --exact
same_listing rate-after-traffic -n --rate
same_listing list-after-traffic -n
same_connections connections -n -c
same_connections connections-named -c
same_connections connections-persistent -n -c --persistent-conn
ki_check connections-listed sh -c 'kubeadm-ipvs ipvs list -n -c | grep -q "10.96.0.10:80"'
