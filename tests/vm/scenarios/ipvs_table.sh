# shellcheck shell=sh
# The project's IPVS layer against the real kernel: a varied table (IPv4+IPv6,
# tcp/udp/sctp/fwmark, rr/wrr/sh/mh/wlc with scheduler flags, persistence with
# masks, one-packet, masq/route/tunnel(ipip, gue)/local forwarding, mixed-family
# tunnel, weights, thresholds) programmed through ki-ipvs-tool (pkg/ipvs batch
# mode), then `kubeadm-ipvs ipvs list` must print exactly what `ipvsadm -L`
# prints for the same options, and the layer's dumps must read back every field.
# ki-vm-timeout: 240

modprobe -a ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh ip_vs_mh ip_vs_wlc
# Destinations need a route (the kernel refuses "not unicast" ones).
ip link add ki-dummy type dummy
ip addr add 10.244.0.1/16 dev ki-dummy
ip addr add fd00:244::1/64 dev ki-dummy nodad
ip link set ki-dummy up

cat >rules <<'RULES'
-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 10.244.1.2:8080 -m -w 1
-a -t 10.0.0.1:80 -r 10.244.1.3:8080 -m -w 3 -x 100 -y 50
-a -t 10.0.0.1:80 -r 10.244.0.1:8080 -m -w 2
-A -t 192.168.10.1:443 -s wrr -p 600 -M 255.255.255.0
-a -t 192.168.10.1:443 -r 10.244.2.3:443 -g -w 2
-a -t 192.168.10.1:443 -r 10.244.2.2:443 -i -w 1
-A -u 10.0.0.1:53 -s sh -b sh-fallback,sh-port
-a -u 10.0.0.1:53 -r 10.244.3.2:53 -m -w 1
-A -u 10.0.0.2:5353 -s rr -o
-a -u 10.0.0.2:5353 -r 10.244.3.3:5353 -m -w 1
-A -u 10.0.0.2:5354 -s rr -p 60 -o
-a -u 10.0.0.2:5354 -r 10.244.3.4:5354 -m -w 1
-A --sctp-service 10.0.0.3:3868 -s mh -b mh-port
-a --sctp-service 10.0.0.3:3868 -r 10.244.4.2:3868 -m -w 5
-A -t [fd00::1]:80 -s rr -p 10800 -M 64
-a -t [fd00::1]:80 -r [fd00:244::2]:8080 -m -w 1
-a -t [fd00::1]:80 -r [fd00:244::3]:8080 -m -w 0
-A -u [fd00::2]:53 -s wrr
-a -u [fd00::2]:53 -r [fd00:244::4]:53 -g -w 1
-A -f 100 -s rr -p
-a -f 100 -r 10.244.5.2:0 -g -w 1
-A -f 200 -6 -s sh -b flag-3
-A -f 300 -s mh -b mh-fallback,flag-3
-A -f 301 -s rr -b flag-1,flag-2,flag-3
-A -t 10.0.0.6:80 -s rr
-a -t 10.0.0.6:80 -r 10.244.6.4:80 -i -w 1 --tun-type gue --tun-port 7000 --tun-remcsum
-a -t 10.0.0.6:80 -r 10.244.6.5:80 -i -w 1 --tun-type gue --tun-port 7001 --tun-nocsum
-a -f 200 -6 -r [fd00:244::5]:0 -g -w 1
-A -t 10.0.0.4:8443 -s wlc
-a -t 10.0.0.4:8443 -r 10.244.6.2:8443 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum
-a -t 10.0.0.4:8443 -r 10.244.6.3:8443 -i -w 1 --tun-type ipip
-a -t 10.0.0.4:8443 -r [fd00:244::6]:8443 -i -w 4
-A -t 10.0.0.5:22 -s rr
RULES

# Every field as the layer should read it back (af 2 = IPv4, 10 = IPv6; proto
# 6 tcp, 17 udp, 132 sctp; flags: 0x1 persistent, 0x4 one-packet, 0x8/0x10/0x20
# sched1-3; in ipvsadm's order, where IPv6 fd00:: sorts before 10.x because
# ipvsadm's comparator subtracts addresses into an int).
cat >expected-dump <<'DUMP'
service af=2 proto=6 addr=192.168.10.1 port=443 fwmark=0 sched=wrr flags=0x1 timeout=600 netmask=255.255.255.0 pe=-
  dest af=2 addr=10.244.2.2 port=443 fwd=Tunnel weight=1 uthresh=0 lthresh=0 tun=0:0:0
  dest af=2 addr=10.244.2.3 port=443 fwd=Route weight=2 uthresh=0 lthresh=0 tun=0:0:0
service af=2 proto=6 addr=10.0.0.1 port=80 fwmark=0 sched=rr flags=0x0 timeout=0 netmask=255.255.255.255 pe=-
  dest af=2 addr=10.244.0.1 port=8080 fwd=Masq weight=2 uthresh=0 lthresh=0 tun=0:0:0
  dest af=2 addr=10.244.1.2 port=8080 fwd=Masq weight=1 uthresh=0 lthresh=0 tun=0:0:0
  dest af=2 addr=10.244.1.3 port=8080 fwd=Masq weight=3 uthresh=100 lthresh=50 tun=0:0:0
service af=2 proto=6 addr=10.0.0.4 port=8443 fwmark=0 sched=wlc flags=0x0 timeout=0 netmask=255.255.255.255 pe=-
  dest af=10 addr=fd00:244::6 port=8443 fwd=Tunnel weight=4 uthresh=0 lthresh=0 tun=0:0:0
  dest af=2 addr=10.244.6.2 port=8443 fwd=Tunnel weight=1 uthresh=0 lthresh=0 tun=1:6080:1
  dest af=2 addr=10.244.6.3 port=8443 fwd=Tunnel weight=1 uthresh=0 lthresh=0 tun=0:0:0
service af=2 proto=6 addr=10.0.0.5 port=22 fwmark=0 sched=rr flags=0x0 timeout=0 netmask=255.255.255.255 pe=-
service af=2 proto=6 addr=10.0.0.6 port=80 fwmark=0 sched=rr flags=0x0 timeout=0 netmask=255.255.255.255 pe=-
  dest af=2 addr=10.244.6.4 port=80 fwd=Tunnel weight=1 uthresh=0 lthresh=0 tun=1:7000:2
  dest af=2 addr=10.244.6.5 port=80 fwd=Tunnel weight=1 uthresh=0 lthresh=0 tun=1:7001:0
service af=2 proto=17 addr=10.0.0.1 port=53 fwmark=0 sched=sh flags=0x18 timeout=0 netmask=255.255.255.255 pe=-
  dest af=2 addr=10.244.3.2 port=53 fwd=Masq weight=1 uthresh=0 lthresh=0 tun=0:0:0
service af=2 proto=17 addr=10.0.0.2 port=5353 fwmark=0 sched=rr flags=0x4 timeout=0 netmask=255.255.255.255 pe=-
  dest af=2 addr=10.244.3.3 port=5353 fwd=Masq weight=1 uthresh=0 lthresh=0 tun=0:0:0
service af=2 proto=17 addr=10.0.0.2 port=5354 fwmark=0 sched=rr flags=0x5 timeout=60 netmask=255.255.255.255 pe=-
  dest af=2 addr=10.244.3.4 port=5354 fwd=Masq weight=1 uthresh=0 lthresh=0 tun=0:0:0
service af=2 proto=132 addr=10.0.0.3 port=3868 fwmark=0 sched=mh flags=0x10 timeout=0 netmask=255.255.255.255 pe=-
  dest af=2 addr=10.244.4.2 port=3868 fwd=Masq weight=5 uthresh=0 lthresh=0 tun=0:0:0
service af=10 proto=6 addr=fd00::1 port=80 fwmark=0 sched=rr flags=0x1 timeout=10800 netmask=64 pe=-
  dest af=10 addr=fd00:244::2 port=8080 fwd=Masq weight=1 uthresh=0 lthresh=0 tun=0:0:0
  dest af=10 addr=fd00:244::3 port=8080 fwd=Masq weight=0 uthresh=0 lthresh=0 tun=0:0:0
service af=10 proto=17 addr=fd00::2 port=53 fwmark=0 sched=wrr flags=0x0 timeout=0 netmask=128 pe=-
  dest af=10 addr=fd00:244::4 port=53 fwd=Route weight=1 uthresh=0 lthresh=0 tun=0:0:0
service af=2 proto=0 addr=- port=0 fwmark=100 sched=rr flags=0x1 timeout=360 netmask=255.255.255.255 pe=-
  dest af=2 addr=10.244.5.2 port=0 fwd=Route weight=1 uthresh=0 lthresh=0 tun=0:0:0
service af=10 proto=0 addr=- port=0 fwmark=200 sched=sh flags=0x20 timeout=0 netmask=128 pe=-
  dest af=10 addr=fd00:244::5 port=0 fwd=Route weight=1 uthresh=0 lthresh=0 tun=0:0:0
service af=2 proto=0 addr=- port=0 fwmark=300 sched=mh flags=0x28 timeout=0 netmask=255.255.255.255 pe=-
service af=2 proto=0 addr=- port=0 fwmark=301 sched=rr flags=0x38 timeout=0 netmask=255.255.255.255 pe=-
DUMP

# Both tools list the same kernel table with the same options.
compare_lists() { # TAG
  for opts in "-n" "-n --stats" "-n --stats --exact" "-n --rate" "-n --rate --exact" \
    "-n --thresholds" "-n --persistent-conn" "-n --tun-info" "-n --nosort" ""; do
    tag=$(echo "$1 $opts" | tr -d ' -')
    # shellcheck disable=SC2086 # options are words
    ipvsadm -L $opts >"ipvsadm.$tag" 2>&1
    # shellcheck disable=SC2086
    kubeadm-ipvs ipvs list $opts >"ours.$tag" 2>&1
    ki_expect_file_eq "$1-list-${opts:-names}" "ipvsadm.$tag" "ours.$tag"
  done
}

# -- 1. programmed by the layer (batch), read by ipvsadm and by the layer --------
ki_check layer-apply-batch ki-ipvs-tool apply rules
ki-ipvs-tool dump >dump-layer
ki_expect_file_eq layer-built-dump-fields expected-dump dump-layer
compare_lists layer-built
ki_check layer-json sh -c 'kubeadm-ipvs ipvs list -o json | grep -q "\"fwmark\": 200"'

# -- 2. the reverse: built with ipvsadm, read back through the layer's dumps ------
ki_check ipvsadm-clear ipvsadm -C
ki_check ipvsadm-restore sh -c 'ipvsadm -R <rules'
ki-ipvs-tool dump >dump-ipvsadm
ki_expect_file_eq ipvsadm-built-dump-fields expected-dump dump-ipvsadm
compare_lists ipvsadm-built

# -- 3. one operation at a time (the non-batch path) gives the same table ---------
ki_check layer-flush ki-ipvs-tool flush
ki_expect_eq flushed-empty "" "$(ipvsadm -Sn)"
ki_check layer-apply-single ki-ipvs-tool apply --single rules
ki-ipvs-tool dump >dump-single
ki_expect_file_eq single-built-dump-fields expected-dump dump-single

# -- 4. updates: service and destination edits through the layer -----------------
ki_check edit-service ki-ipvs-tool run -E -t 10.0.0.1:80 -s wrr -p 30
ki_check edit-dest ki-ipvs-tool run -e -t 10.0.0.1:80 -r 10.244.1.2:8080 -m -w 7 -x 9 -y 4
ki_check delete-dest ki-ipvs-tool run -d -t 10.0.0.1:80 -r 10.244.1.3:8080
ki_check delete-service ki-ipvs-tool run -D -t 10.0.0.5:22
# Local forwarding: ipvsadm has no switch for it, the layer can program it.
ki_check add-local-dest ki-ipvs-tool run -a -t 10.0.0.1:80 -r 10.244.0.1:9090 --local -w 1
ki_expect_contains local-dest-listed "$(ipvsadm -Ln)" "  -> 10.244.0.1:9090              Local   1"
ki_expect_contains edited-service "$(ipvsadm -Ln)" "TCP  10.0.0.1:80 wrr persistent 30"
ki_expect_contains edited-dest "$(ipvsadm -Ln --thresholds)" "10.244.1.2:8080              9          4"
ki_expect_eq deleted-dest "" "$(ipvsadm -Ln | grep 10.244.1.3)"
ki_expect_eq deleted-service "" "$(ipvsadm -Ln | grep 10.0.0.5)"
compare_lists edited

# -- 5. names without -n come from /etc/hosts and /etc/services as for ipvsadm ------
cp /etc/hosts hosts
printf '10.244.1.2\tbackend-one.example\n10.0.0.1\tvip.example\nfd00:244::2\tv6-backend\n' >>hosts
mount -o bind hosts /etc/hosts
compare_lists names

# -- 6. timeouts and info --------------------------------------------------------
ki_check set-timeouts ki-ipvs-tool timeouts 1000 110 290
ki_expect_eq timeouts-read-by-ipvsadm "Timeout (tcp tcpfin udp): 1000 110 290" "$(ipvsadm -L --timeout)"
ki_expect_eq info "version=0x10201 size=4096" "$(ki-ipvs-tool info)"
