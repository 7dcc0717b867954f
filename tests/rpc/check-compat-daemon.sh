#!/bin/sh
# The compatibility programs (tests/compat) through snapvirtd: each runs
# once in process and once through the daemon (snapvirt's remote driver
# to snapvirtd on $COMPAT_URI), and run-compat.py compares the two
# transcripts section by section, and the sections where snapvirt differs
# from libvirt with their expectations.  Whatever a program observes
# through the daemon must be what it observes in process: results,
# states, XML, and errors with their code, domain and message.
#
# One rewrite: a domain handle made before the domain stopped keeps its
# id over the wire (so do libvirt's remote handles; in process the id is
# read from the domain), so "id: N" of a shut-off domain reads "-1".
#
#   tests/rpc/check-compat-daemon.sh SNAPVIRTD BUILDDIR/tests NAME...
set -u
here=$(cd "$(dirname "$0")" && pwd)
snapvirtd=$1
bindir=$2
shift 2

tmp=$(mktemp -d)
"$snapvirtd" --socket "$tmp/sock" 2>"$tmp/log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT
i=0
while [ ! -S "$tmp/sock" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done

for name in "$@"; do
    cat > "$tmp/$name-remote" <<WRAP
#!/bin/sh
COMPAT_URI='test+unix:///default?socket=$tmp/sock' "$bindir/$name-snapvirt" |
    sed 's/^\(state: 5 reason: [0-9]* id: \)-\{0,1\}[0-9][0-9]*/\1-1/'
WRAP
    chmod +x "$tmp/$name-remote"
    # "libvirt" here is the in-process run: the reference.
    python3 "$here/../compat/run-compat.py" "$name" --snapvirt "$tmp/$name-remote" \
        --libvirt "$bindir/$name-snapvirt" \
        --expected "$here/../compat/$name.snapvirt.out" > "$tmp/$name.tap"
    sed "s/^\(not \)\{0,1\}ok [0-9]* - /&through snapvirtd: /" "$tmp/$name.tap" |
        grep -v '^1\.\.' >> "$tmp/all.tap"
done
# One TAP stream: the results renumbered.
awk 'BEGIN { n = 0 } /^(not )?ok/ { n++; sub(/ok [0-9]+ - /, "ok " n " - ") } { print }
     END { print "1.." n }' "$tmp/all.tap"
! grep -q '^not ok' "$tmp/all.tap"
