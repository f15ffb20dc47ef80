# Helpers shared by the host-side scripts of the VM node (sourced, not run).

ki_note() { echo "ki-vm: $*" >&2; }
ki_warn() { echo "ki-vm: warning: $*" >&2; }
ki_die() {
  echo "ki-vm: error: $*" >&2
  exit 1
}

# The kernel booted in the VM: $KI_VM_KERNEL_VERSION, else the newest one in /boot.
# The build machine's own kernel (uname -r) has no IPVS, so it is never the answer.
ki_kernel_version() {
  local v
  if [ -n "${KI_VM_KERNEL_VERSION:-}" ]; then
    echo "$KI_VM_KERNEL_VERSION"
    return
  fi
  v=$(find /boot -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' 2>/dev/null |
    sed 's/^vmlinuz-//' | sort -V | tail -n 1)
  [ -n "$v" ] || ki_die "no /boot/vmlinuz-*: install linux-image-cloud-amd64 (scripts/install-deps)"
  echo "$v"
}
