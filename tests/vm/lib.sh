# Assertion library of the VM node, sourced into every scenario (busybox ash).
#
# Each assertion prints one line the host parses:
#   KI-VM-RESULT <scenario> <assertion> PASS
#   KI-VM-RESULT <scenario> <assertion> FAIL <detail>
# and appends to $KI_STATE/results, so assertions made in subshells or pipelines
# count too. /init prints "KI-VM-END <scenario> <passed> <failed> status=..." after.
# Names are one word: anything outside [A-Za-z0-9_.:/=+-] becomes "_".
#
# Environment: KI_SCENARIO (name), KI_TMP (scratch dir, the cwd), KI_DATA
# (/scenarios: the scenario folder with its data files), KI_VERBOSE=1 shows the
# output of passing ki_check commands too.

# Debian's busybox ash runs its own applet for a bare name even when a real tool is
# on PATH; these names must mean the real tools (kmod, iproute2).
ip() { /usr/sbin/ip "$@"; }
tc() { /usr/sbin/tc "$@"; }
modprobe() { /usr/sbin/modprobe "$@"; }
insmod() { /usr/sbin/insmod "$@"; }
rmmod() { /usr/sbin/rmmod "$@"; }
lsmod() { /usr/sbin/lsmod "$@"; }
modinfo() { /usr/sbin/modinfo "$@"; }
depmod() { /usr/sbin/depmod "$@"; }

_ki_seq=0

_ki_name() { printf '%s' "$1" | tr -c 'A-Za-z0-9_.:/=+-' '_'; }

_ki_record() { # NAME PASS|FAIL [DETAIL]
  local _ki_n
  _ki_n=$(_ki_name "$1")
  if [ "$2" = PASS ]; then
    echo "KI-VM-RESULT $KI_SCENARIO $_ki_n PASS"
  else
    echo "KI-VM-RESULT $KI_SCENARIO $_ki_n FAIL $(printf '%s' "$3" | tr '\n' ' ')"
  fi
  echo "$_ki_n $2" >>"$KI_STATE/results"
}

# Indents a file under the result line it explains.
_ki_show() { sed 's/^/    | /' "$1"; }

ki_pass() { _ki_record "$1" PASS; }         # NAME
ki_fail() { _ki_record "$1" FAIL "${2:-}"; } # NAME DETAIL
ki_log() { echo "# [$KI_SCENARIO] $*"; }    # free text in the log, not a result

# ki_check NAME CMD...: passes if CMD exits 0; on failure shows its output.
# Locals throughout: helpers may be nested (a scenario function that asserts, run
# under ki_check).
ki_check() {
  local _ki_c=$1 _ki_out _ki_rc
  shift
  _ki_seq=$((_ki_seq + 1))
  _ki_out="$KI_STATE/out.$_ki_seq"
  "$@" >"$_ki_out" 2>&1
  _ki_rc=$?
  if [ "$_ki_rc" -eq 0 ]; then
    ki_pass "$_ki_c"
    [ "${KI_VERBOSE:-0}" = 1 ] && _ki_show "$_ki_out"
  else
    ki_fail "$_ki_c" "exit $_ki_rc: $*"
    _ki_show "$_ki_out"
  fi
  rm -f "$_ki_out"
  return "$_ki_rc"
}

# ki_check_fails NAME CMD...: passes if CMD exits non-zero (error paths). Its output
# is kept in $KI_TMP/last-output for a following ki_expect_contains.
ki_check_fails() {
  local _ki_c=$1 _ki_rc
  shift
  "$@" >"$KI_TMP/last-output" 2>&1
  _ki_rc=$?
  if [ "$_ki_rc" -ne 0 ]; then
    ki_pass "$_ki_c"
  else
    ki_fail "$_ki_c" "expected failure, exit 0: $*"
    _ki_show "$KI_TMP/last-output"
  fi
}

# ki_expect_eq NAME EXPECTED ACTUAL
ki_expect_eq() {
  if [ "$2" = "$3" ]; then
    ki_pass "$1"
    return 0
  fi
  ki_fail "$1" "expected [$2] got [$3]"
  return 1
}

# ki_expect_contains NAME HAYSTACK NEEDLE: NEEDLE is a fixed string.
ki_expect_contains() {
  case "$2" in
    *"$3"*) ki_pass "$1"; return 0 ;;
  esac
  ki_fail "$1" "[$3] not found in [$2]"
  return 1
}

# ki_expect_file_eq NAME FILE1 FILE2: byte-identical, else a unified diff.
ki_expect_file_eq() {
  if cmp -s "$2" "$3"; then
    ki_pass "$1"
    return 0
  fi
  ki_fail "$1" "$2 and $3 differ"
  diff -u "$2" "$3" >"$KI_TMP/last-diff" 2>&1
  head -n 200 "$KI_TMP/last-diff" | sed 's/^/    | /'
  return 1
}

# ki_module_loaded MOD: loaded now. ki_module_loaded_at_boot MOD: loaded before
# any scenario ran (scenarios share the kernel, so "now" depends on earlier ones).
ki_module_loaded() { grep -q "^$1 " /proc/modules; }
ki_module_loaded_at_boot() { grep -q "^$1 " /run/ki/modules-at-boot; }

# ki_module_unload MOD...: unloads each (and the modules holding it, e.g. ip_vs_rr
# for ip_vs), waiting up to 5 s for references to drop; brings back "not loaded"
# after an earlier scenario loaded it.
# (kmod 30's own --remove-holders removes a module twice and fails.)
ki_module_unload() {
  local _ki_m _ki_holders
  for _ki_m in "$@"; do
    ki_module_loaded "$_ki_m" || continue
    _ki_holders=$(awk -v m="$_ki_m" '$1 == m && $4 != "-" { gsub(",", " ", $4); print $4 }' /proc/modules)
    if [ -n "$_ki_holders" ]; then
      # shellcheck disable=SC2086 # a list of module names
      ki_module_unload $_ki_holders || return 1
    fi
    modprobe -r -w 5000 "$_ki_m" || return 1
  done
}

# ki_netns NAME: a named network namespace with lo up.
ki_netns() { ip netns add "$1" && ip -n "$1" link set lo up; }

# ki_veth_netns NAME PREFIX: namespace ki-NAME joined to this one by a veth
# (PREFIX.1/24 here on ki-NAME, PREFIX.2 there on eth0, default route back):
# a pod, a remote node's pod or an outside client.
ki_veth_netns() {
  ki_netns "ki-$1"
  ip link add "ki-$1" type veth peer name eth0 netns "ki-$1"
  ip addr add "$2.1/24" dev "ki-$1"
  ip link set "ki-$1" up
  ip -n "ki-$1" addr add "$2.2/24" dev eth0
  ip -n "ki-$1" link set eth0 up
  ip -n "ki-$1" route add default via "$2.1"
}

# ki_backend NAME N PORT TEXT: a pod-like backend at 10.244.N.2 (ki_veth_netns),
# busybox httpd on PORT serving TEXT, waited for until it answers.
ki_backend() {
  ki_veth_netns "$1" "10.244.$2"
  mkdir -p "$KI_TMP/www-$1"
  echo "$4" >"$KI_TMP/www-$1/index.html"
  ip netns exec "ki-$1" httpd -f -p "$3" -h "$KI_TMP/www-$1" &
  ki_wait_until 10 ki_http_get "http://10.244.$2.2:$3/"
}

# ki_wait_until SECONDS CMD...: polls CMD every 0.2 s until it exits 0.
ki_wait_until() {
  local _ki_deadline
  _ki_deadline=$(($(ki_now_ms) + $1 * 1000))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$(ki_now_ms)" -ge "$_ki_deadline" ] && return 1
    sleep 0.2
  done
}

# ki_http_get URL [SECONDS]: body on stdout. busybox wget -T crashes; timeout works.
ki_http_get() { timeout "${2:-5}" wget -q -O - "$1"; }

# ki_now_ms: wall clock in milliseconds (coreutils date: busybox's lacks %N).
ki_now_ms() { /usr/lib/ki-vm/date +%s%3N; }

# ki_test_pki: in the current directory, a CA (ca.crt, ca.key) and a serving
# certificate for https://127.0.0.1 (server.crt, server.key), for a test API
# server. openssl needs a configuration file to exist; the VM has none.
_ki_pki() {
  OPENSSL_CONF=openssl.cnf openssl req -config openssl.cnf -x509 -newkey ec \
    -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "$@"
}
ki_test_pki() {
  printf '[req]\ndistinguished_name=dn\n[dn]\n' >openssl.cnf &&
    _ki_pki -subj /CN=ki-vm-ca -keyout ca.key -out ca.crt &&
    _ki_pki -CA ca.crt -CAkey ca.key -subj /CN=kube-apiserver -addext subjectAltName=IP:127.0.0.1 \
      -addext basicConstraints=CA:FALSE -addext extendedKeyUsage=serverAuth \
      -keyout server.key -out server.crt
}

# ki_node_tables: the nat and filter tables of both families exist, as on a
# node (kubelet's chains live there): a chain made and deleted leaves its
# table, so a snapshot taken after compares the proxy's work only.
ki_node_tables() {
  local _ki_t _ki_table
  for _ki_t in iptables ip6tables; do
    for _ki_table in nat filter; do
      $_ki_t -t $_ki_table -N KI-TMP && $_ki_t -t $_ki_table -X KI-TMP
    done
  done
}

# ki_proxy_config [IPVS]: proxy.yaml, a KubeProxyConfiguration in IPVS mode
# with pods in 10.244.0.0/16, healthz and metrics on 127.0.0.1, and the ipvs
# section IPVS (a flow mapping; default {syncPeriod: 2s}; "none": none).
ki_proxy_config() {
  local _ki_ipvs="{syncPeriod: 2s}"
  [ -z "${1:-}" ] || _ki_ipvs=$1
  {
    echo "apiVersion: kubeproxy.config.k8s.io/v1alpha1"
    echo "kind: KubeProxyConfiguration"
    echo "mode: ipvs"
    echo "clusterCIDR: 10.244.0.0/16"
    echo "healthzBindAddress: 127.0.0.1:10256"
    echo "metricsBindAddress: 127.0.0.1:10249"
    [ "$_ki_ipvs" = none ] || echo "ipvs: $_ki_ipvs"
  } >proxy.yaml
}

# ki_test_kubeconfig PORT: in the current directory, a kubeconfig (kubeconfig)
# for the test API server at https://127.0.0.1:PORT, trusting ca.crt
# (ki_test_pki) and sending the bearer token of the file token.
ki_test_kubeconfig() {
  cat >kubeconfig <<YAML
apiVersion: v1
kind: Config
clusters:
- name: vm
  cluster: {server: "https://127.0.0.1:$1", certificate-authority: ca.crt}
users:
- name: kube-proxy
  user: {tokenFile: token}
contexts:
- name: default
  context: {cluster: vm, user: kube-proxy}
current-context: default
YAML
}

# ki_metric NAME VALUE [UNIT]: a measurement for the host (benchmarks); not a result.
ki_metric() { echo "KI-VM-METRIC $KI_SCENARIO $(_ki_name "$1") $2 ${3:-}"; }
