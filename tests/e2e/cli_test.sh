#!/usr/bin/env bash
# CLI-level tests of kubeadm-ipvs: exit codes, stdout vs stderr, files
# written (and not written), as a user at a shell sees them.
# Usage: cli_test.sh PATH/TO/kubeadm-ipvs
set -uo pipefail
bin=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

# run CMD...: captures stdout, stderr and the exit code into out/err/rc.
run() {
  "$@" >"$work/out" 2>"$work/err"
  rc=$?
  out=$(cat "$work/out")
  err=$(cat "$work/err")
}
ok() { passed=$((passed + 1)); }
fail() {
  failed=$((failed + 1))
  printf 'FAIL: %s\n  rc=%s\n  stdout: %s\n  stderr: %s\n' "$1" "$rc" "$(printf '%s' "$out" | head -20)" \
    "$(printf '%s' "$err" | head -20)"
}
expect_rc() { [ "$rc" = "$2" ] && ok || fail "$1 (want exit $2)"; }
expect_out() { [[ "$out" == *"$2"* ]] && ok || fail "$1 (stdout lacks: $2)"; }
expect_err() { [[ "$err" == *"$2"* ]] && ok || fail "$1 (stderr lacks: $2)"; }
expect_no_out() { [ -z "$out" ] && ok || fail "$1 (stdout should be empty)"; }

# --help everywhere, exit 0.
for sub in "" init preflight proxy "ipvs list" config "config print init-defaults" \
  "config migrate" "config validate" version; do
  # shellcheck disable=SC2086
  run "$bin" $sub --help
  expect_rc "help: '$sub'" 0
  expect_out "help: '$sub'" "Usage:"
done

run "$bin"
expect_rc "no subcommand is a flag error" 3
run "$bin" --no-such-flag
expect_rc "unknown flag" 3
run "$bin" version -o json
expect_rc "version json" 0
expect_out "version json" '"gitVersion": "v'
run "$bin" -v 5 version -o short
expect_rc "-v 5 accepted" 0

# proxy needs a source; without one it says where it looked and what to give.
run "$bin" proxy --hostname-override node-a
expect_rc "proxy without a kubeconfig" 3
expect_err "proxy without a kubeconfig" "clientConnection.kubeconfig: kubeconfig: read /var/lib/kube-proxy/kubeconfig.conf"
expect_err "proxy without a kubeconfig: the fix" "or run without an API server with --services-dir"
expect_no_out "proxy without a kubeconfig"
run "$bin" proxy --kubeconfig "$work/none.conf" --services-dir "$work"
expect_rc "proxy with two sources" 3
expect_err "proxy with two sources" "give one source"

# config validate: the shipped examples are valid; notices go to stderr.
for f in "$root"/configs/*.yaml; do
  run "$bin" config validate --config "$f"
  expect_rc "validate $(basename "$f")" 0
  expect_out "validate $(basename "$f")" "proxy mode: ipvs"
done
run "$bin" config validate --config "$root/configs/master-classic-guide.yaml"
expect_err "classic notice on stderr" "top-level \`mode: ipvs\` read as kubeProxy.config.mode"
[[ "$out" != *notice* ]] && ok || fail "notices stay off stdout"

# Bad input: exit 3, file:line:col, nothing on stdout.
printf 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nipvs:\n  syncPeriod: 30\n' >"$work/bad.yaml"
run "$bin" config validate --config "$work/bad.yaml"
expect_rc "bad duration exit code" 3
expect_err "bad duration position" "bad.yaml:4:15: ipvs.syncPeriod: invalid duration \"30\": missing unit"
expect_no_out "bad duration"
run "$bin" config validate --config "$work/missing.yaml"
expect_rc "missing file" 3
expect_err "missing file" "unable to read config from"
head -c 4096 /dev/urandom >"$work/garbage.yaml"
run "$bin" config validate --config "$work/garbage.yaml"
expect_rc "binary garbage" 3

# KUBEPROXY_MODE fills a file without a mode; the file wins when it has one.
printf 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n' >"$work/nomode.yaml"
printf 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: iptables\n' >"$work/iptables.yaml"
printf 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nlocalAPIEndpoint: {advertiseAddress: 10.0.0.10}\n---\n' >"$work/iptables-init.yaml"
cat "$work/iptables.yaml" >>"$work/iptables-init.yaml"
run env KUBEPROXY_MODE=iptables "$bin" config validate --config "$work/nomode.yaml"
expect_out "env mode" "proxy mode: iptables"
run env KUBEPROXY_MODE=iptables "$bin" config validate --config "$root/configs/init-v1beta4.yaml"
expect_out "file beats env" "proxy mode: ipvs"

# config migrate: stdout, or --new-config written atomically with 0600.
run "$bin" config migrate --old-config "$root/configs/master-classic-guide.yaml"
expect_rc "migrate to stdout" 0
expect_out "migrate keeps ipvs" "mode: ipvs"
expect_out "migrate writes v1beta4" "apiVersion: kubeadm.k8s.io/v1beta4"
run "$bin" config migrate --old-config "$root/configs/master-classic-guide.yaml" --new-config "$work/new.yaml"
expect_rc "migrate --new-config" 0
[ "$(stat -c %a "$work/new.yaml")" = 600 ] && ok || fail "migrated file mode is 0600"
run "$bin" config validate --config "$work/new.yaml"
expect_rc "migrated output validates" 0
[ -z "$err" ] && ok || fail "migrated output has no notices or warnings"
ls "$work" | grep -q '\.tmp-' && fail "no temporary file left behind" || ok

run "$bin" config migrate --old-config "$work/bad.yaml" --new-config "$work/never.yaml"
expect_rc "migrate of a bad config" 3
[ ! -e "$work/never.yaml" ] && ok || fail "nothing written on a failed migrate"
run "$bin" config migrate --old-config "$root/configs/init-v1beta4.yaml" --new-config "$work/no/such/dir/x.yaml"
expect_rc "migrate into a missing directory" 1
expect_err "migrate into a missing directory" "No such file or directory"

run "$bin" config print init-defaults --component-configs KubeProxyConfiguration
expect_rc "print init-defaults" 0
expect_out "print init-defaults" "kind: KubeProxyConfiguration"
printf '%s\n' "$out" >"$work/defaults.yaml"
run "$bin" config validate --config "$work/defaults.yaml"
expect_rc "init-defaults validate" 0

# init: configuration errors are exit 3 before anything runs.
run "$bin" init --config "$root/configs/init-v1beta4.yaml" --pod-network-cidr 10.1.0.0/16
expect_rc "init mixes --config with config flags" 3
expect_err "init mix message" "can not mix '--config' with arguments [pod-network-cidr]"
# init end to end (this machine's kernel may lack IPVS: preflight errors are
# ignored here; the VM node runs init with a clean preflight).
run "$bin" init --feature-gates=SupportIPVSProxyMode=true --apiserver-advertise-address 10.0.0.10 \
  --ignore-preflight-errors=all --output-dir "$work/flag"
expect_rc "init, flag form" 0
expect_err "init reads the flag gate" "--feature-gates=SupportIPVSProxyMode=true read as KubeProxyConfiguration mode: ipvs"
expect_out "init resolves ipvs" "[init] kube-proxy mode: ipvs (from --feature-gates=SupportIPVSProxyMode=true)"
expect_out "init runs preflight" "[preflight] Running pre-flight checks"
expect_out "init writes the addon" "[addons] Wrote essential addon: kube-proxy (ipvs mode) to \"$work/flag/addons/kube-proxy.yaml\""
addon=$(cat "$work/flag/addons/kube-proxy.yaml" 2>/dev/null)
[[ "$addon" == *"kind: DaemonSet"* && "$addon" == *"    mode: ipvs"* ]] && ok || fail "flag form: DaemonSet and ConfigMap in IPVS mode"
[ "$(stat -c %a "$work/flag/addons/kube-proxy.yaml")" = 644 ] && ok || fail "addon file mode 0644"
[ "$(stat -c %a "$work/flag/kubeadm-config.yaml")" = 600 ] && ok || fail "resolved config mode 0600 (bootstrap tokens)"
run "$bin" config validate --config "$work/flag/kubeadm-config.yaml"
expect_out "resolved config validates as ipvs" "proxy mode: ipvs"

run "$bin" init --config "$root/configs/master-classic-guide.yaml" --ignore-preflight-errors=all --output-dir "$work/classic"
expect_rc "init, classic config form" 0
[[ "$(cat "$work/classic/addons/kube-proxy.yaml")" == *"    mode: ipvs"* ]] && ok || fail "classic form renders IPVS mode"

# Asking for iptables never silently becomes IPVS: preflight says so, and
# ignored, what is rendered still says iptables.
run "$bin" init --config "$work/iptables-init.yaml" --output-dir "$work/ipt"
expect_rc "iptables config fails preflight" 2
expect_err "iptables config: ProxyMode error" "[ERROR ProxyMode]: the proxy mode is iptables, so IPVS is not used"
[ ! -e "$work/ipt" ] && ok || fail "nothing written after a failed preflight"
run "$bin" init --config "$work/iptables-init.yaml" --ignore-preflight-errors=all --output-dir "$work/ipt" --dry-run
[[ "$out" == *"    mode: iptables"* ]] && ! grep -qE '^\s*mode: ipvs$' "$work/out" && ok || fail "iptables stays iptables"

# Existing files: kubeadm's FileAvailable check; nothing is changed.
echo "precious" >"$work/flag/addons/kube-proxy.yaml"
run "$bin" init --feature-gates=SupportIPVSProxyMode=true --apiserver-advertise-address 10.0.0.10 \
  --ignore-preflight-errors=IPVSProxierCheck,FileContent--proc-sys-net-ipv4-ip_forward,IPVSSysctls,IsPrivilegedUser,Port-10256,Port-10249,ProxyMode \
  --output-dir "$work/flag"
expect_rc "existing output files" 2
expect_err "FileAvailable error" "[ERROR FileAvailable-${work//\//-}-flag-addons-kube-proxy.yaml]: $work/flag/addons/kube-proxy.yaml already exists"
[ "$(cat "$work/flag/addons/kube-proxy.yaml")" = precious ] && ok || fail "existing file left alone"

# An output directory that can't be made: exit 1, nothing written.
: >"$work/a-file"
run "$bin" init --feature-gates=SupportIPVSProxyMode=true --apiserver-advertise-address 10.0.0.10 \
  --ignore-preflight-errors=all --output-dir "$work/a-file/out"
expect_rc "unwritable output dir" 1
expect_err "unwritable output dir" "write the files of init (nothing was written): mkdir $work/a-file/out: Not a directory"

# Invalid configuration: exit 3 before anything runs or is written.
run "$bin" init --config "$work/bad.yaml" --output-dir "$work/never"
expect_rc "init with an invalid config" 3
[ ! -e "$work/never" ] && ok || fail "nothing written for an invalid config"

# --dry-run prints files and API actions in kubeadm's form, writes nothing.
run "$bin" init --config "$root/configs/init-v1beta4.yaml" --ignore-preflight-errors=all --dry-run --output-dir "$work/dry"
expect_rc "dry run" 0
expect_out "dry run file" "[dryrun] Would write file \"$work/dry/addons/kube-proxy.yaml\" with content:"
expect_out "dry run API action" "[dryrun] Would perform action CREATE on resource \"daemonsets\" in API group \"apps/v1\""
expect_out "dry run RBAC action" "[dryrun] Would perform action CREATE on resource \"clusterrolebindings\" in API group \"rbac.authorization.k8s.io/v1\""
[ ! -e "$work/dry" ] && ok || fail "dry run writes nothing"

# --kubeconfig is read and checked before anything runs: a bad one is exit 3
# with nothing written, under --dry-run too. (Applying the addon to a live
# API server: tests/k8s_api/init_apply_e2e_test.cpp.)
run "$bin" init --config "$root/configs/init-v1beta4.yaml" --ignore-preflight-errors=all \
  --kubeconfig "$work/no-such.conf" --output-dir "$work/kc"
expect_rc "missing kubeconfig" 3
expect_err "missing kubeconfig" "error: --kubeconfig: kubeconfig: read $work/no-such.conf: No such file or directory"
[ ! -e "$work/kc" ] && ok || fail "nothing written with a missing kubeconfig"
printf 'apiVersion: v1\nkind: Config\nclusters: []\n' >"$work/empty.conf"
run "$bin" init --config "$root/configs/init-v1beta4.yaml" --ignore-preflight-errors=all \
  --kubeconfig "$work/empty.conf" --output-dir "$work/kc" --dry-run
expect_rc "kubeconfig without a context, dry run" 3
expect_err "kubeconfig without a context" "$work/empty.conf: no current-context is set"
[[ "$out" != *"[dryrun]"* ]] && ok || fail "a bad kubeconfig stops init before the phases"

run "$bin" init --skip-phases addon --ignore-preflight-errors=all --dry-run --apiserver-advertise-address 10.0.0.10
expect_rc "init with the addon skipped" 0
[[ "$out" != *"kube-proxy.yaml"* ]] && ok || fail "skipped addon phase renders nothing"
run "$bin" init --skip-phases addons
expect_rc "unknown phase name" 3
expect_err "unknown phase name" "invalid phase name: addons (valid phases: preflight, write-config, addon, addon/kube-proxy)"
run "$bin" init --ignore-preflight-errors=all,IsPrivilegedUser
expect_rc "all mixed with names" 3
expect_err "all mixed with names" "don't specify individual checks if 'all' is used"
run "$bin" init phase bogus
expect_rc "unknown init phase command" 3
run "$bin" init --help
expect_out "init --help lists phases" "    addon/kube-proxy"

# Preflight on this machine: explains exactly what the kernel lacks (build
# machines run a kernel without IPVS), or that the modules are there.
run "$bin" preflight -o json
expect_out "preflight json" '"kernelRelease": "'"$(uname -r)"'"'
if [ -r /proc/config.gz ] && ! zcat /proc/config.gz | grep -q '^CONFIG_IP_VS=[ym]'; then
  run "$bin" preflight
  expect_rc "preflight on a kernel without IPVS" 2
  expect_out "preflight names the kernel option" "ip_vs: missing: CONFIG_IP_VS is not set in this kernel's configuration (/proc/config.gz): kernel $(uname -r) has no ip_vs"
  expect_out "preflight says it cannot start" "IPVS mode cannot start on this node"
  run "$bin" init phase preflight
  expect_rc "init phase preflight fails with exit 2" 2
  expect_err "init phase preflight in kubeadm's words" "error execution phase preflight: [preflight] Some fatal errors occurred:"
else
  run "$bin" preflight
  expect_out "preflight module step" "IPVS kernel modules"
fi

run "$bin" init --feature-gates=SupportIPVSProxyMode=true --config "$work/iptables.yaml"
expect_rc "flag/file conflict" 3
expect_err "flag/file conflict names both" "conflicts with mode: iptables ($work/iptables.yaml:3:7)"

# The command line's edges (issue 12). An empty or missing value is an error
# naming the flag; the next word is never taken as the value (this once made
# ./--dry-run/kubeadm-config.yaml, and --output-dir "" wrote into /).
expect_short_err() { [ "${#err}" -lt 1000 ] && ok || fail "$1 (stderr is ${#err} bytes)"; }
mkdir -p "$work/edges" && cd "$work/edges" || exit 1
run "$bin" init --output-dir= --dry-run --ignore-preflight-errors=all
expect_rc "--output-dir= is refused" 3
expect_err "--output-dir= is refused" 'invalid argument "" for "--output-dir" flag: the value is empty'
[ -z "$(ls -A "$work/edges")" ] && ok || fail "--output-dir= writes nothing (not ./--dry-run/)"
run "$bin" init --output-dir "" --dry-run --ignore-preflight-errors=all
expect_rc "--output-dir '' is refused" 3
expect_err "--output-dir '' is refused" '"--output-dir" flag: the value is empty'
for f in --ignore-preflight-errors --feature-gates --config --skip-phases --kubeconfig; do
  run "$bin" init "$f=" --dry-run --output-dir "$work/edges-out"
  expect_rc "init $f= is refused" 3
  expect_err "init $f= names the flag" "\"$f\" flag: the value is empty"
done
run "$bin" init --dry-run --output-dir "$work/edges-out" --feature-gates
expect_rc "a missing value is refused" 3
expect_err "a missing value is refused" "flag needs an argument: --feature-gates"
run "$bin" proxy --services-dir= --kubeconfig "$work/none.conf"
expect_rc "proxy --services-dir= is refused" 3
expect_err "proxy --services-dir= is refused" '"--services-dir" flag: the value is empty'
run "$bin" proxy --services-dir --cleanup
expect_rc "proxy --services-dir --cleanup: a flag is not a value" 3
expect_err "proxy --services-dir --cleanup" 'flag needs an argument: --services-dir ("--cleanup" is a flag'
[ -z "$(ls -A "$work/edges")" ] && ok || fail "refused command lines write nothing"
[ ! -e "$work/edges-out" ] && ok || fail "refused command lines write no --output-dir"
cd "$root" || exit 1

# --proxy-privileged is a bool flag as pflag's: alone true, =false false.
run "$bin" init --dry-run --ignore-preflight-errors=all --apiserver-advertise-address 10.0.0.10 \
  --output-dir "$work/priv" --proxy-privileged
expect_rc "--proxy-privileged alone" 0
expect_out "--proxy-privileged alone means true" "privileged: true"
run "$bin" init --dry-run --ignore-preflight-errors=all --apiserver-advertise-address 10.0.0.10 \
  --output-dir "$work/priv" --proxy-privileged=false
expect_rc "--proxy-privileged=false" 0
expect_out "--proxy-privileged=false" "privileged: false"
run "$bin" init --dry-run --proxy-privileged=maybe
expect_rc "--proxy-privileged=maybe" 3
expect_err "--proxy-privileged=maybe" 'invalid argument "maybe" for "--proxy-privileged" flag: want true or false'

# kubeadm's habits: -v after the subcommand, `help <command>`, suggestions.
for v in "-v 5" "--v=5" "-v5"; do
  # shellcheck disable=SC2086
  run "$bin" config validate --config "$root/configs/init-v1beta4.yaml" $v
  expect_rc "verbosity after the subcommand: $v" 0
done
run "$bin" init phase preflight --dry-run -v 5 --help
expect_rc "-v deep in init phase" 0
run "$bin" help init
expect_rc "help init" 0
expect_out "help init" "Usage: kubeadm-ipvs init [OPTIONS]"
help_init=$out
run "$bin" init --help
[ "$out" = "$help_init" ] && ok || fail "help init is init --help"
run "$bin" help init phase addon kube-proxy
expect_out "help of a nested phase" "Usage: kubeadm-ipvs init phase addon kube-proxy"
run "$bin" help
expect_out "help alone is the root's" "Usage: kubeadm-ipvs [OPTIONS] SUBCOMMAND"
run "$bin" help iniy
expect_rc "help of an unknown command" 3
expect_err "help of an unknown command" 'unknown command "iniy" for "kubeadm-ipvs"'
run "$bin" iniy
expect_rc "mistyped command" 3
expect_err "mistyped command, in cobra's words" 'unknown command "iniy" for "kubeadm-ipvs"

Did you mean this?
	init

Run '"'"'kubeadm-ipvs --help'"'"' for usage.'
run "$bin" config valdate
expect_rc "mistyped config command" 3
expect_err "mistyped config command" 'unknown command "valdate" for "kubeadm-ipvs config"

Did you mean this?
	validate'
run "$bin" config
expect_rc "config alone" 3
expect_err "config alone names its commands" '"kubeadm-ipvs config" needs a subcommand: print, migrate, validate'
run "$bin" -v abc version
expect_rc "-v abc" 3
expect_err "-v abc" 'invalid argument "abc" for "-v, --v" flag: not an integer'
expect_short_err "-v abc"
for v in -1 2147483648 99999999999999999999999999999999; do
  run "$bin" version -v "$v"
  expect_rc "-v $v" 3
  expect_err "-v $v" "invalid argument \"$v\" for \"-v, --v\" flag: out of range (0 to 2147483647)"
done

# Values are quoted and cut in messages (a single argument can be 128 KiB).
big=$(head -c 100000 /dev/zero | tr '\0' a)
for args in "version -o $big" "init --$big" "init -v $big" "ipvs list -o $big"; do
  # shellcheck disable=SC2086
  run "$bin" $args
  expect_rc "100 KB value: ${args:0:20}" 3
  expect_err "100 KB value: ${args:0:20}" '..." (10000'
  expect_short_err "100 KB value: ${args:0:20}"
done
# A value longer than PATH_MAX is refused at parse time, not echoed by a dry run.
for flag in --output-dir --config --kubeconfig; do
  run "$bin" init --dry-run --ignore-preflight-errors=all "$flag" "$work/$big"
  expect_rc "100 KB $flag" 3
  expect_err "100 KB $flag" " bytes) for \"$flag\" flag: longer than 4096 bytes"
  expect_short_err "100 KB $flag"
done
run "$bin" init --dry-run --output-dir "$work/x" --config "$(printf 'a\001b')" --config b
expect_err "control bytes escaped" '("a\x01b", then "b")'

# Repeated and unknown flags: exit 3, named.
run "$bin" init --config a --config b
expect_rc "repeated flag" 3
expect_err "repeated flag" 'flag --config is given more than once ("a", then "b")'
run "$bin" init --dry-run --nope
expect_rc "unknown flag" 3
expect_err "unknown flag" 'unknown flag "--nope" for "kubeadm-ipvs init"'
run "$bin" ipvs list -nx
expect_rc "unknown shorthand" 3
expect_err "unknown shorthand" "unknown shorthand flag \"x\" in \"-nx\""

echo "e2e cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
