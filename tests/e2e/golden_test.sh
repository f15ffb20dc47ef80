#!/usr/bin/env bash
# What `init` writes for each example in configs/ must equal the reference
# output in manifests/ (regenerate with scripts/update-manifests, and review
# the diff, when a change is intended).
set -uo pipefail
bin=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
for config in "$root"/configs/*.yaml; do
  name=$(basename "$config" .yaml)
  out=$work/$name
  "$bin" init phase write-config --config "$config" --output-dir "$out" >/dev/null 2>&1 &&
    "$bin" init phase addon kube-proxy --config "$config" --output-dir "$out" >/dev/null 2>&1
  if [ ! -d "$root/manifests/$name" ]; then
    echo "FAIL: $name: no reference output in manifests/$name (run scripts/update-manifests)"
    failed=$((failed + 1))
  elif diff -ru "$root/manifests/$name" "$out"; then
    passed=$((passed + 1))
  else
    echo "FAIL: $name: output differs from manifests/$name (above)"
    failed=$((failed + 1))
  fi
done
echo "golden manifests: $passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
