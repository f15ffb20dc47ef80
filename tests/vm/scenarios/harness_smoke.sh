# Proves the VM node itself: modules loadable but not loaded at boot, IPVS through
# ipvsadm, the project binary with its libraries, namespaces and links, ipset,
# both iptables back ends, and real HTTP traffic balanced through a virtual IP.
# ki-vm-timeout: 180

# -- kernel modules -----------------------------------------------------------
for m in ip_vs ip_vs_rr dummy veth ip_set nf_tables; do
  ki_check "$m-not-loaded-at-boot" sh -c "! grep -q '^$m ' /run/ki/modules-at-boot"
done
ki_check ip_vs-loadable modinfo -n ip_vs
# Earlier scenarios share this kernel: unload so the load below is observed here.
ki_check unload-before ki_module_unload ip_vs
ki_check_fails ip_vs-not-loaded-before-modprobe ki_module_loaded ip_vs
ki_check modprobe-ip_vs-ip_vs_rr modprobe -a ip_vs ip_vs_rr
ki_check ip_vs-loaded ki_module_loaded ip_vs
ki_check ip_vs_rr-loaded ki_module_loaded ip_vs_rr
ki_check unload-with-holders ki_module_unload ip_vs
ki_check_fails ip_vs_rr-unloaded ki_module_loaded ip_vs_rr
ki_check reload modprobe -a ip_vs ip_vs_rr

# -- IPVS through the reference tool --------------------------------------------
ki_check ipvsadm-add-service ipvsadm -A -t 10.0.0.1:80 -s rr
ki_expect_contains ipvsadm-lists-service "$(ipvsadm -Ln)" "TCP  10.0.0.1:80 rr"
ki_check ipvsadm-ipv6-service ipvsadm -A -t "[fd00::10]:80" -s wrr
ki_check ipvsadm-sctp-service ipvsadm -A --sctp-service 10.0.0.2:36412 -s sh
ki_check ipvsadm-fwmark-service ipvsadm -A -f 7 -s mh
ki_check ipvsadm-clear ipvsadm -C

# -- the project binary and its shared libraries -----------------------------------
ki_check kubeadm-ipvs-version kubeadm-ipvs version

# -- links and namespaces (dummy/veth come from the kernel's module autoloader,
#    which calls kmod at /sbin/modprobe) ------------------------------------------
ki_check dummy-link ip link add kube-ipvs0 type dummy
ki_check veth-pair ip link add ki-veth0 type veth peer name ki-veth1
ki_check netns-add ki_netns ki-probe
ki_check veth-into-netns ip link set ki-veth1 netns ki-probe
ki_check netns-sees-veth ip -n ki-probe link show ki-veth1
ip link del ki-veth0

# -- ipset (needs /etc/protocols to parse "tcp:443") ------------------------------
ki_check ipset-create ipset create KI-SMOKE hash:ip,port
ki_check ipset-add ipset add KI-SMOKE 10.96.0.1,tcp:443
ki_expect_contains ipset-list "$(ipset list KI-SMOKE)" "10.96.0.1,tcp:443"

# -- iptables, both back ends, with the matches kube-proxy uses ----------------------
ki_check iptables-nft-nat-list iptables-nft -t nat -L -n
ki_check iptables-nft-set-masquerade iptables-nft -t nat -A POSTROUTING \
  -m set --match-set KI-SMOKE dst,dst -m comment --comment ki-smoke -j MASQUERADE
ki_expect_contains iptables-nft-save "$(iptables-nft-save -t nat)" "--match-set KI-SMOKE dst,dst"
ki_check iptables-legacy-filter-list iptables-legacy -t filter -L -n
ki_check conntrack-list conntrack -L

# -- real traffic: VIP 10.96.0.10:80, rr over two backends in namespaces ----------------
ki_check backend-a-serves ki_backend a 1 80 backend-a
ki_check backend-b-serves ki_backend b 2 80 backend-b
# The VIP lives on the dummy link, as kube-proxy binds it on kube-ipvs0.
ip link set kube-ipvs0 up
ip addr add 10.96.0.10/32 dev kube-ipvs0
ki_check vip-service ipvsadm -A -t 10.96.0.10:80 -s rr
ki_check vip-real-a ipvsadm -a -t 10.96.0.10:80 -r 10.244.1.2:80 -m
ki_check vip-real-b ipvsadm -a -t 10.96.0.10:80 -r 10.244.2.2:80 -m
got=""
for _ in 1 2 3 4; do
  got="$got $(ki_http_get http://10.96.0.10/)"
done
case "$got" in
  " backend-a backend-b backend-a backend-b" | " backend-b backend-a backend-b backend-a")
    ki_pass vip-round-robin ;;
  *) ki_fail vip-round-robin "responses:$got" ;;
esac
