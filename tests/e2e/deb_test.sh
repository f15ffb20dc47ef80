#!/usr/bin/env bash
# The .deb CPack makes: its dependencies are Debian runtime libraries (from
# dpkg-shlibdeps) plus the proxy's tools, it unpacks into a clean tree, and
# the binary inside runs. Usage: deb_test.sh BUILD_DIR
set -uo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() {
  if eval "$2"; then passed=$((passed + 1)); else echo "FAIL: $1"; failed=$((failed + 1)); fi
}

(cd "$build" && cpack -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1)
deb=$(ls "$work"/pkg/kubeadm-ipvs_*.deb 2>/dev/null | head -1)
check "cpack made a .deb" '[ -n "$deb" ] || { cat "$work/cpack.log"; false; }'
if [ -n "$deb" ]; then
  depends=$(dpkg-deb -f "$deb" Depends)
  echo "Depends: $depends"
  for lib in libyaml-cpp0.7 libkmod2 libnl-3-200 libnl-route-3-200 libspdlog1.10 iptables conntrack; do
    check "depends on $lib" '[[ "$depends" == *"$lib"* ]]'
  done
  # The proxy writes its sets over netlink; the tool is for reading them.
  check "does not depend on ipset" '[[ "$depends" != *ipset* ]]'
  check "recommends ipset" '[ "$(dpkg-deb -f "$deb" Recommends)" = ipset ]'
  dpkg -x "$deb" "$work/root"
  check "binary in /usr/bin" '[ -x "$work/root/usr/bin/kubeadm-ipvs" ]'
  check "binary runs" '[ "$("$work/root/usr/bin/kubeadm-ipvs" version -o short)" = "$(cd "$build" && "./cmd/kubeadm-ipvs/kubeadm-ipvs" version -o short)" ]'
  check "systemd unit" '[ -f "$work/root/usr/lib/systemd/system/kubeadm-ipvs-proxy.service" ] || [ -f "$work/root/lib/systemd/system/kubeadm-ipvs-proxy.service" ]'
  check "docs" '[ -f "$work/root/usr/share/doc/kubeadm-ipvs/guide.md" ]'
  check "example configs" '[ -f "$work/root/usr/share/doc/kubeadm-ipvs/examples/master-classic-guide.yaml" ]'
  check "nothing but the binary in bin" '[ "$(ls "$work/root/usr/bin")" = kubeadm-ipvs ]'
fi
echo "deb package: $passed passed, $failed failed"
[ "$failed" = 0 ]
