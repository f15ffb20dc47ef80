# shellcheck shell=sh
# scripts/try-in-vm: the proxy on configs/services (copied to /demo/services),
# two backends in namespaces behind the Service's endpoints, the resulting
# IPVS table and a few requests through the ClusterIP.
ki_backend a 1 8080 "hello from backend a (10.244.1.2)"
ki_backend b 2 8080 "hello from backend b (10.244.2.2)"
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
