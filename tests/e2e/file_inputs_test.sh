#!/usr/bin/env bash
# Every file kubeadm-ipvs reads on a user's word (--config, --old-config,
# --kubeconfig, the certificate, key and token files a kubeconfig names) is a
# regular file of bounded size: a device, FIFO or directory is refused by name
# at once (exit 3), an oversize file with the cap, and nothing a message quotes
# from the file floods the terminal. Each run is under `timeout`: a hang or a
# read of /dev/zero fails the test instead of stalling it.
# Usage: file_inputs_test.sh PATH/TO/kubeadm-ipvs
set -uo pipefail
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

# run CMD...: captures stdout, stderr and the exit code into out/err/rc; 20 s
# is far more than any of these needs (each is refused before any read).
run() {
  timeout 20 "$@" >"$work/out" 2>"$work/err"
  rc=$?
  out=$(head -c 2000 "$work/out")
  err=$(head -c 2000 "$work/err")
  err_bytes=$(wc -c <"$work/err")
}
ok() { passed=$((passed + 1)); }
fail() {
  failed=$((failed + 1))
  printf 'FAIL: %s\n  rc=%s\n  stdout: %s\n  stderr: %s\n' "$1" "$rc" \
    "$(printf '%s' "$out" | head -c 600 | cat -v)" "$(printf '%s' "$err" | head -c 600 | cat -v)"
}
expect_rc() { if [ "$rc" = "$2" ]; then ok; else fail "$1 (want exit $2)"; fi; }
expect_err() { if [[ "$err" == *"$2"* ]]; then ok; else fail "$1 (stderr lacks: $2)"; fi; }
# The whole of stderr is short and has no control bytes but line breaks.
expect_short_err() {
  if [ "$err_bytes" -le "$2" ] && ! LC_ALL=C grep -q '[^[:print:][:space:]]' "$work/err" &&
    ! LC_ALL=C grep -q $'[\t\r\v\f]' "$work/err"; then
    ok
  else
    fail "$1 (stderr is $err_bytes bytes, want at most $2 printable)"
  fi
}
expect_nothing_written() {
  if [ -z "$(ls -A "$work/output" 2>/dev/null)" ]; then ok; else fail "$1 (files written)"; fi
}

mkfifo "$work/fifo"
mkdir "$work/dir"
truncate -s 5M "$work/big.conf"   # sparse: larger than a kubeconfig may be
truncate -s 2M "$work/big.yaml"   # larger than a configuration file may be
cp /bin/ls "$work/ls.conf"
head -c 4096 /dev/urandom >"$work/random.conf"

# init --dry-run --kubeconfig: each bad kubeconfig is exit 3, named, nothing written.
init() { run "$bin" init --dry-run --output-dir "$work/output" "$@"; }
declare -A kubeconfig_cases=(
  [/dev/zero]="--kubeconfig: kubeconfig: read /dev/zero: is a character device, not a regular file"
  [$work/fifo]="--kubeconfig: kubeconfig: read $work/fifo: is a FIFO (named pipe), not a regular file"
  [$work/dir]="--kubeconfig: kubeconfig: read $work/dir: is a directory, not a regular file"
  [$work/big.conf]="--kubeconfig: kubeconfig: read $work/big.conf: is larger than 4 MiB, the most read for a kubeconfig"
  [$work/ls.conf]="--kubeconfig: $work/ls.conf:1:5: binary content (control byte) in a kubeconfig"
  [$work/no-such.conf]="--kubeconfig: kubeconfig: read $work/no-such.conf: No such file or directory"
)
for k in "${!kubeconfig_cases[@]}"; do
  init --kubeconfig "$k"
  expect_rc "init --kubeconfig $k" 3
  expect_err "init --kubeconfig $k" "error: ${kubeconfig_cases[$k]}"
  expect_short_err "init --kubeconfig $k" 400
  expect_nothing_written "init --kubeconfig $k"
done
init --kubeconfig "$work/random.conf"
expect_rc "init --kubeconfig random bytes" 3
expect_err "init --kubeconfig random bytes" "error: --kubeconfig: $work/random.conf:"
expect_short_err "init --kubeconfig random bytes" 400
expect_nothing_written "init --kubeconfig random bytes"

# The files a kubeconfig names: typed and bounded the same way.
kubeconfig_naming() {
  cat >"$work/names.conf" <<KC
apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: "https://127.0.0.1:6443", certificate-authority: "$1"}
users:
- name: u
  user: {client-certificate: "$2", client-key: "$3"}
contexts:
- name: x
  context: {cluster: c, user: u}
current-context: x
KC
}
echo key >"$work/client.key"
echo cert >"$work/client.crt"
kubeconfig_naming "$work/dir" "$work/client.crt" "$work/client.key"
init --kubeconfig "$work/names.conf"
expect_rc "certificate-authority: a directory" 3
expect_err "certificate-authority: a directory" \
  "cluster \"c\": certificate-authority: read $work/dir: is a directory, not a regular file"
expect_nothing_written "certificate-authority: a directory"
kubeconfig_naming "" /dev/zero "$work/client.key"
init --kubeconfig "$work/names.conf"
expect_rc "client-certificate: /dev/zero" 3
expect_err "client-certificate: /dev/zero" \
  "user \"u\": client-certificate: read /dev/zero: is a character device, not a regular file"
expect_nothing_written "client-certificate: /dev/zero"
kubeconfig_naming "" "$work/client.crt" "$work/fifo"
init --kubeconfig "$work/names.conf"
expect_rc "client-key: a FIFO" 3
expect_err "client-key: a FIFO" "client-key: read $work/fifo: is a FIFO (named pipe), not a regular file"
kubeconfig_naming "" "$work/big.conf" "$work/client.key"
init --kubeconfig "$work/names.conf"
expect_rc "client-certificate: oversize" 3
expect_err "client-certificate: oversize" \
  "client-certificate: read $work/big.conf: is larger than 1 MiB, the most read for a client-certificate file"

# A long value in a kubeconfig is quoted and cut, with its length.
{
  printf 'clusters:\n- name: c\n  cluster: {server: "'
  head -c 500000 /dev/zero | tr '\0' x
  printf '"}\ncontexts:\n- name: x\n  context: {cluster: c}\ncurrent-context: x\n'
} >"$work/long.conf"
init --kubeconfig "$work/long.conf"
expect_rc "500 KB server value" 3
expect_err "500 KB server value" '..." (500000 bytes) is not an http(s) URL'
expect_short_err "500 KB server value" 400

# --config (init, config validate, preflight) and --old-config: the same.
declare -A config_cases=(
  [/dev/zero]='unable to read config from "/dev/zero": is a character device, not a regular file'
  [$work/fifo]="unable to read config from \"$work/fifo\": is a FIFO (named pipe), not a regular file"
  [$work/dir]="unable to read config from \"$work/dir\": is a directory, not a regular file"
  [$work/big.yaml]="unable to read config from \"$work/big.yaml\": is larger than 1 MiB, the most read for a kubeadm configuration file"
)
for c in "${!config_cases[@]}"; do
  init --config "$c"
  expect_rc "init --config $c" 3
  expect_err "init --config $c" "${config_cases[$c]}"
  expect_short_err "init --config $c" 400
  expect_nothing_written "init --config $c"
  run "$bin" config validate --config "$c"
  expect_rc "config validate --config $c" 3
  expect_err "config validate --config $c" "${config_cases[$c]}"
  run "$bin" config migrate --old-config "$c" --new-config "$work/new.yaml"
  expect_rc "config migrate --old-config $c" 3
  expect_err "config migrate --old-config $c" "${config_cases[$c]}"
  if [ ! -e "$work/new.yaml" ]; then ok; else fail "config migrate --old-config $c wrote a file"; fi
done
run "$bin" config validate --config "$work/ls.conf"
expect_rc "binary --config" 3
expect_err "binary --config" "$work/ls.conf:1:5: binary content (control byte) in a YAML configuration file"
expect_short_err "binary --config" 400

# A 500 KB value in a configuration file is quoted and cut.
{
  printf 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\n'
  printf 'bindAddress: "'
  head -c 500000 /dev/zero | tr '\0' a
  printf '\\x1b[31m"\n'
} >"$work/long.yaml"
run "$bin" config validate --config "$work/long.yaml"
expect_rc "500 KB value in --config" 3
expect_err "500 KB value in --config" '..." (500005 bytes) is not a valid IP address'
expect_short_err "500 KB value in --config" 400

# proxy: --kubeconfig and clientConnection.kubeconfig, refused before any change.
run "$bin" proxy --kubeconfig "$work/fifo" --hostname-override node-a
expect_rc "proxy --kubeconfig FIFO" 3
expect_err "proxy --kubeconfig FIFO" "kubeconfig: read $work/fifo: is a FIFO (named pipe), not a regular file"
cat >"$work/proxy.yaml" <<EOF2
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ipvs
clientConnection: {kubeconfig: /dev/zero}
EOF2
run "$bin" proxy --config "$work/proxy.yaml" --hostname-override node-a
expect_rc "proxy clientConnection.kubeconfig /dev/zero" 3
expect_err "proxy clientConnection.kubeconfig /dev/zero" \
  "kubeconfig: read /dev/zero: is a character device, not a regular file"

printf 'file_inputs_test: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
