# shellcheck shell=sh
# `kubeadm-ipvs preflight` and `init phase preflight` on a real kernel: the IPVS
# modules are loadable but not loaded at first, `--load-modules` loads them
# through libkmod (checked against /proc/modules), then everything is ok; init's
# preflight phase passes, and fails with exit 2 and kubeadm's message once a
# module can't be loaded.
# ki-vm-timeout: 120

if ki_module_loaded_at_boot ip_vs; then
  ki_fail ip_vs-not-loaded-at-boot "ip_vs was in /proc/modules at boot"
else
  ki_pass ip_vs-not-loaded-at-boot
fi
# Earlier scenarios may have loaded it: back to "loadable, not loaded".
ki_module_unload ip_vs
echo 1 >/proc/sys/net/ipv4/ip_forward  # per network namespace; kubeadm checks it

kubeadm-ipvs preflight >report1.txt 2>&1
ki_expect_eq report-exit-code 0 "$?"
report1=$(cat report1.txt)
ki_expect_contains report-modules-warning "$report1" "[3] IPVS kernel modules ........................ warning"
ki_expect_contains report-ip_vs-loadable "$report1" "ip_vs: loadable (/lib/modules/$(uname -r)/kernel/net/netfilter/ipvs/ip_vs.ko"
ki_expect_contains report-not-loaded "$report1" "not loaded; the proxy loads it when it starts"
ki_expect_contains report-sysctls-need-ip_vs "$report1" "they exist only while ip_vs is loaded"
if ki_module_loaded ip_vs; then
  ki_fail report-changes-nothing "ip_vs got loaded by a plain preflight"
else
  ki_pass report-changes-nothing
fi

kubeadm-ipvs preflight --load-modules >report2.txt 2>&1
ki_expect_eq load-exit-code 0 "$?"
ki_expect_contains load-through-libkmod "$(cat report2.txt)" "ip_vs: loaded now through libkmod"
for m in ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh nf_conntrack; do
  if ki_module_loaded "$m"; then ki_pass "in-proc-modules:$m"; else ki_fail "in-proc-modules:$m" "not in /proc/modules"; fi
done

kubeadm-ipvs preflight >report3.txt 2>&1
ki_expect_eq ok-exit-code 0 "$?"
report3=$(cat report3.txt)
ki_expect_contains ok-modules "$report3" "[3] IPVS kernel modules ........................ ok"
ki_expect_contains ok-ip_vs-live "$report3" "ip_vs: loaded (Live)"
ki_expect_contains ok-sysctls "$report3" "[8] IPVS sysctls ............................... ok"
ki_expect_contains ok-can-start "$report3" "IPVS mode can start on this node (0 warning(s))."
ki_expect_contains json-can-start "$(kubeadm-ipvs preflight -o json)" '"canStart": true'

ki_check init-phase-preflight-passes kubeadm-ipvs init phase preflight
kubeadm-ipvs init phase preflight >phase.out 2>&1
ki_expect_contains init-phase-output "$(cat phase.out)" "[preflight] Running pre-flight checks"

# init end to end on a node that can run IPVS mode: no preflight error to ignore.
cat >master.yaml <<'YAML'
apiVersion: kubeadm.k8s.io/v1alpha1
kind: MasterConfiguration
api:
  advertiseAddress: 10.0.0.10
featureGates:
  SupportIPVSProxyMode: true
mode: ipvs
YAML
kubeadm-ipvs init --config master.yaml --output-dir "$KI_TMP/out" >init-ok.out 2>&1
ki_expect_eq init-clean-exit-0 0 "$?"
ki_expect_contains init-wrote-addon "$(cat init-ok.out)" "[addons] Wrote essential addon: kube-proxy (ipvs mode)"
ki_check init-addon-file grep -q "kind: DaemonSet" "$KI_TMP/out/addons/kube-proxy.yaml"
ki_expect_eq init-config-mode-0600 600 "$(stat -c %a "$KI_TMP/out/kubeadm-config.yaml")"

# Make ip_vs_sh unloadable (in this scenario's private mount namespace only).
ki_module_unload ip_vs
sh_ko=/lib/modules/$(uname -r)/kernel/net/netfilter/ipvs/ip_vs_sh.ko
ki_check hide-ip_vs_sh /bin/mount -o bind /dev/null "$sh_ko" || return
kubeadm-ipvs init phase preflight >init.out 2>init.err
ki_expect_eq init-exit-code-2 2 "$?"
init_err=$(cat init.err)
ki_expect_contains init-kubeadm-header "$init_err" "error execution phase preflight: [preflight] Some fatal errors occurred:"
ki_expect_contains init-names-module "$init_err" "[ERROR IPVSProxierCheck]: ip_vs_sh: load module ip_vs_sh"
ki_expect_contains init-kubeadm-footer "$init_err" "you can make a check non-fatal with \`--ignore-preflight-errors=...\`"
kubeadm-ipvs init phase preflight --ignore-preflight-errors=ipvsproxiercheck >ignored.out 2>&1
ki_expect_eq ignored-exit-code 0 "$?"
ki_expect_contains ignored-as-warning "$(cat ignored.out)" "[WARNING IPVSProxierCheck]: ip_vs_sh: load module ip_vs_sh"
/bin/umount "$sh_ko"
