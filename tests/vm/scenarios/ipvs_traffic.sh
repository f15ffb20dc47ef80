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
# Connection expiry counts down each second, so a second apart the two listings may
# differ there; everything else must be identical.
same_connections() { # NAME OPTIONS...
  name=$1
  shift
  ipvsadm -L "$@" | sed 's/^\(...\) [0-9][0-9]:[0-9][0-9] /\1 MM:SS /' >ipvsadm.out 2>&1
  kubeadm-ipvs ipvs list "$@" | sed 's/^\(...\) [0-9][0-9]:[0-9][0-9] /\1 MM:SS /' >ours.out 2>&1
  ki_expect_file_eq "$name" ipvsadm.out ours.out
}
sleep 3
same_listing stats-after-traffic -n --stats
same_listing stats-exact-after-traffic -n --stats --exact
same_listing rate-after-traffic -n --rate
same_listing list-after-traffic -n
same_listing connections -n -c
same_connections connections-any-second -n -c
same_connections connections-named -c
same_connections connections-persistent -n -c --persistent-conn
ki_check connections-listed sh -c 'kubeadm-ipvs ipvs list -n -c | grep -q "10.96.0.10:80"'
