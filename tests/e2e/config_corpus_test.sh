#!/usr/bin/env bash
# The configuration corpus (tests/config_corpus, see its README.md) through
# the built binary: `config validate --config F` exits 0 for a file expected
# ok and 3 for one expected refused, naming F:line:col for each positioned
# expect-error; an accepted file migrates (`config migrate --old-config F
# --new-config OUT`) to a file that validates; a refused one writes nothing.
# Usage: config_corpus_test.sh PATH/TO/kubeadm-ipvs
set -uo pipefail
bin=$1
corpus=$(cd "$(dirname "$0")/../config_corpus" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The file alone must decide the mode.
unset KUBEPROXY_MODE
passed=0 failed=0

# fail WHAT: one failed check of the current file, with the end of its stderr
# (the error lines come last).
fail() {
  printf 'FAIL: %s: %s\n  stderr: %s\n' "${file#"$corpus"/}" "$1" \
    "$(tail -c 600 "$work/err" | cat -v)"
  ok=0
}

# The expectation lines of a file's leading comment block, without "# ".
header() { awk '!/^#/ { exit } { sub(/^# ?/, ""); print }' "$1" | grep '^expect' || true; }

for file in "$corpus"/*.yaml; do
  : >"$work/err"
  expect=$(header "$file" | sed -n 's/^expect: *//p')
  case "$expect" in
    ok) want_rc=0 ;;
    error) want_rc=3 ;;
    *)
      fail "no '# expect: ok|error' line"
      failed=$((failed + 1))
      continue
      ;;
  esac

  timeout 20 "$bin" config validate --config "$file" >"$work/out" 2>"$work/err"
  rc=$?
  ok=1
  if [ "$rc" != "$want_rc" ]; then fail "config validate exited $rc, want $want_rc"; fi
  # Each positioned expect-error names file:line:col on stderr.
  while read -r pos; do
    if ! grep -qF -- "$file:$pos:" "$work/err"; then fail "stderr lacks $file:$pos"; fi
  done < <(header "$file" | sed -n 's/^expect-error: *\([0-9]*:[0-9]*\) .*/\1/p')

  out="$work/migrated.yaml"
  rm -f "$out"
  timeout 20 "$bin" config migrate --old-config "$file" --new-config "$out" \
    >"$work/out" 2>"$work/err"
  rc=$?
  if [ "$want_rc" = 3 ]; then
    if [ "$rc" != 3 ] || [ -e "$out" ]; then
      fail "config migrate of a refused file exited $rc$([ -e "$out" ] && echo ', wrote a file')"
    fi
  elif [ "$rc" != 0 ] || [ ! -s "$out" ]; then
    fail "config migrate exited $rc"
  else
    timeout 20 "$bin" config validate --config "$out" >"$work/out" 2>"$work/err"
    rc=$?
    if [ "$rc" != 0 ]; then fail "the migrated file fails config validate (exit $rc)"; fi
  fi
  if [ "$ok" = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done

echo "config corpus: $passed files passed, $failed failed"
[ "$failed" = 0 ]
