# `proxy --cleanup` on a kernel whose IPVS modules are absent: a proxy ran
# (sets, chains, kube-ipvs0 and virtual servers in place), then ip_vs is
# unloaded and every module file hidden (the kernel's module autoloader
# pointed nowhere, so nothing can bring it back). Cleanup removes the sets,
# the chains and the link, says that IPVS had nothing to remove and why, and
# loads nothing; `ipvs list` gives preflight's diagnosis, not "modprobe".
# ki-vm-timeout: 120

mkdir -p svc
ki_proxy_config none
cat >svc/web.yaml <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  type: NodePort
  clusterIP: 10.96.0.10
  ports: [{name: http, port: 80, targetPort: 8080, protocol: TCP, nodePort: 30080}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, namespace: default, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{name: http, port: 8080, protocol: TCP}]
endpoints: [{addresses: [10.244.1.2], nodeName: node-1, conditions: {ready: true}}]
YAML
# The endpoint needs a route for IPVS to take it.
ip link add ki-pods type dummy && ip addr add 10.244.1.1/24 dev ki-pods && ip link set ki-pods up

kubeadm-ipvs proxy --config proxy.yaml --services-dir svc --hostname-override node-1 \
  >proxy.log 2>&1 &
proxy_pid=$!
ki_check programmed ki_wait_until 60 sh -c 'ipvsadm -Ln | grep -q 10.96.0.10:80'
ki_check rules-in-place ki_wait_until 20 sh -c 'iptables-save -t nat | grep -q "^-A KUBE-SERVICES"'
ki_check sets-in-place ipset list -n KUBE-CLUSTER-IP
ki_check link-in-place ip link show kube-ipvs0
kill "$proxy_pid"
wait "$proxy_pid" 2>/dev/null

# Now take IPVS away: flush (the schedulers hold ip_vs), unload, hide.
ipvsadm -C
ki_check unload-ipvs ki_module_unload ip_vs
autoloader=$(cat /proc/sys/kernel/modprobe)
echo /nonexistent >/proc/sys/kernel/modprobe
mount -t tmpfs none /lib/modules

kubeadm-ipvs proxy --cleanup --config proxy.yaml >cleanup.log 2>&1
ki_expect_eq cleanup-exit-0 0 "$?"
ki_expect_contains cleanup-says-ipvs-had-nothing "$(cat cleanup.log)" \
  "IPVS: nothing to remove, ip_vs is not loaded"
ki_check_fails cleanup-removed-sets sh -c 'ipset list -n | grep -q "^KUBE-"'
ki_check_fails cleanup-removed-chains sh -c 'iptables-save | grep -q "KUBE-"'
ki_check_fails cleanup-removed-ip6-chains sh -c 'ip6tables-save | grep -q "KUBE-"'
ki_check_fails cleanup-removed-link ip link show kube-ipvs0
ki_check_fails cleanup-loaded-nothing ki_module_loaded ip_vs

kubeadm-ipvs ipvs list -n >list.log 2>&1
ki_expect_eq ipvs-list-exit-1 1 "$?"
ki_expect_contains ipvs-list-diagnosis "$(cat list.log)" "IPVS is not available: ip_vs: missing"
ki_check_fails ipvs-list-no-modprobe-advice grep -q modprobe list.log

umount /lib/modules
echo "$autoloader" >/proc/sys/kernel/modprobe
ki_log "cleanup log:"
cat cleanup.log
ki_log "ipvs list:"
cat list.log
