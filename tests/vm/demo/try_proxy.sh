# shellcheck shell=sh
# scripts/try-in-vm: the proxy on configs/services (copied to /demo/services),
# two backends in namespaces behind the Service's endpoints, the resulting
# IPVS table and a few requests through the ClusterIP.
for b in a b; do
  n=1
  [ "$b" = b ] && n=2
  ki_netns "ki-$b"
  ip link add "ki-$b" type veth peer name eth0 netns "ki-$b"
  ip addr add "10.244.$n.1/24" dev "ki-$b"
  ip link set "ki-$b" up
  ip -n "ki-$b" addr add "10.244.$n.2/24" dev eth0
  ip -n "ki-$b" link set eth0 up
  ip -n "ki-$b" route add default via "10.244.$n.1"
  mkdir -p "www-$b"
  echo "hello from backend $b (10.244.$n.2)" >"www-$b/index.html"
  ip netns exec "ki-$b" httpd -f -p 8080 -h "$KI_TMP/www-$b" &
done
echo '$ kubeadm-ipvs proxy --services-dir /demo/services --hostname-override node-1 &'
kubeadm-ipvs proxy --services-dir /demo/services --hostname-override node-1 >proxy.log 2>&1 &
ki_check proxy-programmed ki_wait_until 30 sh -c 'ipvsadm -Ln | grep -q 10.244.2.2:8080'
echo '$ kubeadm-ipvs ipvs list -n'
kubeadm-ipvs ipvs list -n
echo '$ ip addr show kube-ipvs0'
ip addr show kube-ipvs0
for i in 1 2 3 4; do
  echo "\$ wget -qO- http://10.96.0.10/   # request $i"
  ki_http_get http://10.96.0.10/
done
ki_expect_contains served-through-the-vip "$(ki_http_get http://10.96.0.10/)" "hello from backend"
