# shellcheck shell=sh
# `kubeadm-ipvs proxy --kubeconfig` on a real kernel, driven by the test API
# server (ki-test-apiserver, HTTPS with a CA made here, bearer token): the
# Service it lists is programmed and real traffic balances over both
# backends; an EndpointSlice change arriving by watch moves the traffic; a
# Service deleted through the API is withdrawn; then the API server dies:
# traffic keeps flowing, the table stays as it was through several full
# syncs, and /healthz turns 503 once the data is older than the health
# timeout (2 x syncPeriod).
# ki-vm-timeout: 150

ki_check backend-a-serves ki_backend a 1 8080 backend-a
ki_check backend-b-serves ki_backend b 2 8080 backend-b

ki_check pki-made ki_test_pki

# objects.json: Service web (10.96.0.20:80 -> 8080), its slice with the given
# endpoints, Service db unless with_db=0, and this Node.
with_db=1
objects() {
  db='{"apiVersion":"v1","kind":"Service","metadata":{"name":"db","namespace":"default"},
  "spec":{"type":"ClusterIP","clusterIP":"10.96.0.21","ports":[{"name":"pg","port":5432,"protocol":"TCP"}]}},'
  [ "$with_db" = 1 ] || db=""
  eps=""
  for ip in "$@"; do
    eps="$eps${eps:+,}{\"addresses\":[\"$ip\"],\"conditions\":{\"ready\":true}}"
  done
  cat >objects.tmp <<JSON
[{"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default"},
  "spec":{"type":"ClusterIP","clusterIP":"10.96.0.20","clusterIPs":["10.96.0.20"],
          "ports":[{"name":"http","port":80,"targetPort":8080,"protocol":"TCP"}]}},
 $db
 {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice",
  "metadata":{"name":"web-1","namespace":"default","labels":{"kubernetes.io/service-name":"web"}},
  "addressType":"IPv4","ports":[{"name":"http","port":8080,"protocol":"TCP"}],
  "endpoints":[$eps]},
 {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-1"},
  "status":{"addresses":[{"type":"InternalIP","address":"10.244.1.1"}]}}]
JSON
  mv objects.tmp objects.json
}
objects 10.244.1.2 10.244.2.2

ki-test-apiserver --cert server.crt --key server.key --token vm-token \
  --objects objects.json --port-file port >apiserver.log 2>&1 &
api_pid=$!
ki_check apiserver-up ki_wait_until 20 test -s port
port=$(cat port)
ki_test_kubeconfig "$port"
echo vm-token >token
cat >proxy.yaml <<'YAML'
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ipvs
clientConnection: {kubeconfig: kubeconfig}
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
ipvs:
  syncPeriod: 2s
YAML

kubeadm-ipvs proxy --config proxy.yaml --hostname-override node-1 >proxy.log 2>&1 &
proxy_pid=$!
ki_check programs-service ki_wait_until 30 sh -c 'ipvsadm -Ln -t 10.96.0.20:80 | grep -q 10.244.2.2:8080'
# (The rest of the first sync follows IPVS: addresses, sets; the rules may come first.)
ki_check first-sync-done ki_wait_until 30 grep -q "first sync done" proxy.log
ki_expect_contains both-real-servers "$(ipvsadm -Ln -t 10.96.0.20:80)" "10.244.1.2:8080"
ki_expect_contains service-without-endpoints "$(ipvsadm -Ln)" "10.96.0.21:5432"
ki_expect_contains vip-bound "$(ip addr show kube-ipvs0)" "inet 10.96.0.20/32"
got=""
for _ in 1 2 3 4; do got="$got $(ki_http_get http://10.96.0.20/)"; done
case "$got" in
  " backend-a backend-b backend-a backend-b" | " backend-b backend-a backend-b backend-a") ki_pass traffic-round-robin ;;
  *) ki_fail traffic-round-robin "responses:$got" ;;
esac
ki_expect_contains healthz-200 "$(ki_http_get http://127.0.0.1:10256/healthz)" '"nodeEligible": true'

# A watch event: the slice now has only backend b (a's real server leaves
# through graceful termination: weight 0 first).
objects 10.244.2.2
kill -HUP "$api_pid"
ki_check watch-update-applied ki_wait_until 15 sh -c '! ipvsadm -Ln -t 10.96.0.20:80 | grep 10.244.1.2:8080 | grep -q "Masq    1"'
got=""
for _ in 1 2 3; do got="$got $(ki_http_get http://10.96.0.20/)"; done
ki_expect_eq traffic-follows-the-watch " backend-b backend-b backend-b" "$got"

# A Service deleted through the API: its virtual server and address go.
with_db=0
objects 10.244.2.2
kill -HUP "$api_pid"
ki_check deleted-service-withdrawn ki_wait_until 15 sh -c '! ipvsadm -Ln | grep -q 10.96.0.21:5432'
ki_check deleted-vip-unbound ki_wait_until 10 sh -c '! ip addr show kube-ipvs0 | grep -q 10.96.0.21'

# The API server dies. Nothing is withdrawn; traffic flows.
ipvsadm -Sn >before.txt
kill -9 "$api_pid"
wait "$api_pid" 2>/dev/null
ki_check healthz-503-after-timeout ki_wait_until 20 sh -c 'wget -q -O /dev/null http://127.0.0.1:10256/healthz 2>&1 | grep -q 503'
sleep 3  # more full syncs (syncPeriod 2s) without the API server
ki_expect_eq table-kept-without-api "$(cat before.txt)" "$(ipvsadm -Sn)"
got=""
for _ in 1 2 3; do got="$got $(ki_http_get http://10.96.0.20/)"; done
ki_expect_eq traffic-flows-without-api " backend-b backend-b backend-b" "$got"
if kill -0 "$proxy_pid" 2>/dev/null; then ki_pass proxy-still-running; else ki_fail proxy-still-running "exited"; fi
kill "$proxy_pid"
wait "$proxy_pid" 2>/dev/null
ki_expect_eq table-kept-after-stop "$(cat before.txt)" "$(ipvsadm -Sn)"
kubeadm-ipvs proxy --cleanup --config proxy.yaml >>proxy.log 2>&1
ki_log "proxy log:"
cat proxy.log
