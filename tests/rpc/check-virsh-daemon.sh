#!/bin/sh
# Real virsh 9.0 against snapvirtd: starts the daemon on a private socket
# and runs the golden scripts whose expected output is virsh's through
# it (tests/shell/check-virsh.sh with SNAPVIRT_GOLDEN_SOCKET): the
# transcripts must equal those of virsh on libvirt's own test driver.
# global.in is left out: it checks virsh's -k/-K keepalive options, which
# a remote connection honours where an in-process one cannot.
#
#   tests/rpc/check-virsh-daemon.sh SNAPVIRTD
set -u
here=$(cd "$(dirname "$0")" && pwd)
snapvirtd=$1

case $(virsh --version 2>/dev/null) in
9.0.*) ;;
*) echo "1..0 # SKIP needs virsh 9.0"; exit 0 ;;
esac

tmp=$(mktemp -d)
"$snapvirtd" --socket "$tmp/sock" 2>"$tmp/log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT
i=0
while [ ! -S "$tmp/sock" ]; do
    i=$((i + 1))
    if [ $i -gt 100 ] || ! kill -0 $pid 2>/dev/null; then
        echo "1..0 # SKIP snapvirtd did not start: $(cat "$tmp/log")"
        exit 1
    fi
    sleep 0.05
done

set --
for f in $(grep -l '^# Expected output generated with virsh 9.0' "$here"/../shell/*.in); do
    [ "$(basename "$f")" = global.in ] || set -- "$@" "$f"
done
SNAPVIRT_GOLDEN_SOCKET=$tmp/sock sh "$here/../shell/check-virsh.sh" "$@"
