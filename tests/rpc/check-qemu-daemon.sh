#!/bin/sh
# Real virsh 9.0 drives real QEMU through snapvirtd (qemu:///system is the
# daemon's embedded QEMU driver on --qemu-root): define, start, internal
# and external snapshots, delete of the external one (a merge in the
# running QEMU), a new overlay after it, destroy, undefine.
# TAP; skipped without virsh or QEMU.
#
#   tests/rpc/check-qemu-daemon.sh SNAPVIRTD
set -u
snapvirtd=$1
for prog in virsh qemu-system-x86_64 qemu-img; do
    if ! command -v $prog >/dev/null 2>&1; then
        echo "1..0 # SKIP needs $prog"
        exit 0
    fi
done

tmp=$(mktemp -d)
"$snapvirtd" --socket "$tmp/sock" --qemu-root "$tmp/root" 2>"$tmp/log" &
pid=$!
trap 'virsh -c "$uri" destroy vm1 >/dev/null 2>&1; kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT
uri="qemu+unix:///system?socket=$tmp/sock"
i=0
while [ ! -S "$tmp/sock" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done

qemu-img create -q -f qcow2 "$tmp/disk.qcow2" 64M
cat > "$tmp/vm.xml" <<XML
<domain type='qemu'>
  <name>vm1</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$tmp/disk.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>
XML

n=0
status=0
# step DESCRIPTION EXPECTED-TEXT VIRSH-COMMANDS
step() {
    n=$((n + 1))
    out=$(timeout 120 virsh -c "$uri" "$3" 2>&1)
    case $out in
    *"$2"*) echo "ok $n - $1" ;;
    *) echo "not ok $n - $1"; printf '%s\n' "$out" | sed 's/^/# /'; status=1 ;;
    esac
}

echo "1..8"
step "define and start a QEMU domain" " 1    vm1    running" \
    "define $tmp/vm.xml; start vm1; list"
step "an internal and an external snapshot" "+- e1" \
    "snapshot-create-as vm1 s1; snapshot-create-as vm1 e1 --disk-only; snapshot-list vm1 --tree"
step "the external snapshot's overlay is the active layer" "vda      $tmp/disk.e1" \
    "domblklist vm1"
step "deleting the external snapshot merges it" "Domain snapshot e1 deleted" \
    "snapshot-delete vm1 e1"
step "the domain is back on its image" "vda      $tmp/disk.qcow2" "domblklist vm1"
step "a new overlay goes on the merged image" "vda      $tmp/disk.e2" \
    "snapshot-create-as vm1 e2 --disk-only; domblklist vm1"
step "the tree" "+- e2" "snapshot-list vm1 --tree"
step "destroy and undefine" "has been undefined" \
    "destroy vm1; undefine vm1 --snapshots-metadata"
exit $status
