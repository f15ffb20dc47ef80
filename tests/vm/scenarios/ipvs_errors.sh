# shellcheck shell=sh
# Error paths of the project's IPVS layer against the real kernel: duplicate
# add, delete of a missing service / destination, a bad scheduler name, a
# destination without a route, a batch reporting which operation failed, and a
# kernel without the ip_vs module loaded (clear message, exit 1).
# ki-vm-timeout: 120

# -- no IPVS: earlier scenarios share this kernel, so unload first. Looking up the
#    IPVS netlink family makes the kernel autoload ip_vs; point its module loader
#    nowhere for this part, as on a kernel that does not have the module.
ki_check unload-ip_vs ki_module_unload ip_vs
modprobe_path=$(cat /proc/sys/kernel/modprobe)
echo /nonexistent >/proc/sys/kernel/modprobe
ki_check_fails list-without-ip_vs kubeadm-ipvs ipvs list -n
ki_expect_contains list-without-ip_vs-says-why "$(cat "$KI_TMP/last-output")" \
  "error: ipvs list: IPVS is not available: ip_vs: loadable: the module ("
ki_expect_contains list-without-ip_vs-says-the-fix "$(cat "$KI_TMP/last-output")" \
  "fix: kubeadm-ipvs preflight --load-modules"
ki_check_fails tool-without-ip_vs ki-ipvs-tool run -A -t 10.0.0.1:80 -s rr
ki_expect_contains tool-without-ip_vs-says-why "$(cat "$KI_TMP/last-output")" \
  "the ip_vs module is neither built in nor loaded"
ki_check_fails connections-without-ip_vs kubeadm-ipvs ipvs list -c
ki_expect_eq list-exit-code-is-1 1 "$(kubeadm-ipvs ipvs list -n >/dev/null 2>&1; echo $?)"
ki_check_fails ip_vs-still-not-loaded ki_module_loaded ip_vs
echo "$modprobe_path" >/proc/sys/kernel/modprobe

ki_check load-ip_vs modprobe -a ip_vs ip_vs_rr
ip link add ki-dummy type dummy
ip addr add 10.244.0.1/16 dev ki-dummy
ip link set ki-dummy up

ki_check add-service ki-ipvs-tool run -A -t 10.0.0.1:80 -s rr
ki_check_fails duplicate-service ki-ipvs-tool run -A -t 10.0.0.1:80 -s rr
ki_expect_contains duplicate-service-message "$(cat "$KI_TMP/last-output")" \
  "add service TCP 10.0.0.1:80: service already exists"
ki_check add-dest ki-ipvs-tool run -a -t 10.0.0.1:80 -r 10.244.1.2:80 -m
ki_check_fails duplicate-dest ki-ipvs-tool run -a -t 10.0.0.1:80 -r 10.244.1.2:80 -m
ki_expect_contains duplicate-dest-message "$(cat "$KI_TMP/last-output")" "destination already exists"

ki_check_fails delete-missing-service ki-ipvs-tool run -D -t 10.0.0.9:80
ki_expect_contains delete-missing-service-message "$(cat "$KI_TMP/last-output")" \
  "delete service TCP 10.0.0.9:80: no such service"
ki_check_fails delete-missing-dest ki-ipvs-tool run -d -t 10.0.0.1:80 -r 10.244.9.9:80
ki_expect_contains delete-missing-dest-message "$(cat "$KI_TMP/last-output")" \
  "delete destination 10.244.9.9:80 of TCP 10.0.0.1:80: no such destination"
ki_check_fails dest-of-missing-service ki-ipvs-tool run -a -t 10.0.0.9:80 -r 10.244.1.2:80 -m
ki_expect_contains dest-of-missing-service-message "$(cat "$KI_TMP/last-output")" "no such service"
ki_check_fails edit-missing-service ki-ipvs-tool run -E -t 10.0.0.9:80 -s rr
ki_expect_contains edit-missing-service-message "$(cat "$KI_TMP/last-output")" "no such service"

ki_check_fails bad-scheduler ki-ipvs-tool run -A -t 10.0.0.2:80 -s nosuchsched
ki_expect_contains bad-scheduler-message "$(cat "$KI_TMP/last-output")" \
  "scheduler or persistence engine not found"
ki_check_fails overlong-scheduler ki-ipvs-tool run -A -t 10.0.0.2:80 -s abcdefghijklmnopqrstuvwxyz
ki_expect_contains overlong-scheduler-message "$(cat "$KI_TMP/last-output")" "invalid argument"
ki_expect_eq bad-scheduler-left-nothing "" "$(ipvsadm -Ln | grep 10.0.0.2)"
ki_check_fails bad-ipv6-netmask ki-ipvs-tool run -A -t '[fd00::1]:80' -s rr -p 10 -M 129
ki_expect_contains bad-ipv6-netmask-message "$(cat "$KI_TMP/last-output")" "invalid argument"

# -- a batch keeps going and says which operations failed -------------------------
cat >batch.rules <<'RULES'
-A -t 10.0.0.3:80 -s rr
-a -t 10.0.0.3:80 -r 10.244.3.2:80 -m
-A -t 10.0.0.3:80 -s rr
-a -t 10.0.0.3:80 -r 10.244.3.3:80 -m
-d -t 10.0.0.3:80 -r 10.244.9.9:80
-A -t 10.0.0.4:80 -s nosuchsched
-a -t 10.0.0.3:80 -r 10.244.3.4:80 -m
RULES
ki_check_fails batch-with-failures ki-ipvs-tool apply batch.rules
out=$(cat "$KI_TMP/last-output")
ki_expect_contains batch-summary "$out" "ops=7 failed=3"
ki_expect_contains batch-op3 "$out" "op 3: add service TCP 10.0.0.3:80: service already exists"
ki_expect_contains batch-op5 "$out" "op 5: delete destination 10.244.9.9:80 of TCP 10.0.0.3:80: no such destination"
ki_expect_contains batch-op6 "$out" "op 6: add service TCP 10.0.0.4:80: scheduler or persistence engine not found"
ki_expect_eq batch-applied-the-rest 3 "$(ipvsadm -Ln | grep -c '10.244.3.')"
# A window smaller than the batch: acks of several sendmsg rounds.
ki_check_fails batch-small-window ki-ipvs-tool apply --window 2 batch.rules
ki_expect_contains batch-small-window-summary "$(cat "$KI_TMP/last-output")" "ops=7 failed="
