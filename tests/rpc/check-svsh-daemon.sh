#!/bin/sh
# svsh through snapvirtd: every golden script of tests/shell (their
# expected output is what svsh prints on the in-process test driver) run
# with svsh's remote driver against snapvirtd, on a private UNIX socket
# or (--tls) over x509 TLS with throwaway certificates (make-pki.sh).
# The transcripts must be the same: the remote driver, the daemon and
# the wire in between change nothing a user sees.
#
#   tests/rpc/check-svsh-daemon.sh [--tls] SNAPVIRTD SVSH [NAME ...]
#
# A wrapper stands in for svsh: the test:// URIs the script gives (-c,
# --connect, SNAPVIRT_DEFAULT_URI, LIBVIRT_DEFAULT_URI, and the default
# test:///default) become test+unix:///PATH?socket=S (or
# test+tls://localhost:PORT/PATH?pkipath=DIR), and in the transcripts
# the remote URIs read as the script wrote them.  URIs inside command
# strings (the `connect` command) are left alone: they open in-process
# connections, whose output is the same by definition.
#
# TAP output.  Scripts left out are listed below with the reason and
# reported as SKIP.  While snapvirtd does not serve the QEMU program
# (0x20008087, qemu-monitor-command), the transcript sections of the
# svsh runs that use it are left out of the comparison, and a comment
# line says so.
set -u
here=$(cd "$(dirname "$0")" && pwd)
shell=$here/../shell
tls=
if [ "${1:-}" = --tls ]; then
    tls=1
    shift
fi
snapvirtd=$1
svsh=$2
shift 2

# NAME: reason.  Only principled exclusions: what the remote driver
# cannot do by design, not bugs.
skips='
storage-dir: the script works on qemu:///embed, in-process by definition
global: it checks the keepalive options (-k, -K), which a connection to a daemon honours where an in-process one cannot
'

skip_reason() {
    printf '%s\n' "$skips" | sed -n "s/^$1: //p"
}

if [ -n "$tls" ] && ! command -v certtool >/dev/null 2>&1; then
    echo "1..0 # SKIP needs certtool (gnutls-bin)"
    exit 0
fi

tmp=$(mktemp -d)
sock=$tmp/sock
if [ -n "$tls" ]; then
    sh "$here/make-pki.sh" "$tmp/pki"
    "$snapvirtd" --socket "$sock" --listen-tls 127.0.0.1:0 --pki-dir "$tmp/pki/server" \
        2>"$tmp/daemon.log" &
else
    "$snapvirtd" --socket "$sock" 2>"$tmp/daemon.log" &
fi
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT
i=0
while [ ! -S "$sock" ]; do
    i=$((i + 1))
    if [ $i -gt 200 ] || ! kill -0 $pid 2>/dev/null; then
        echo "1..0 # SKIP snapvirtd did not start: $(cat "$tmp/daemon.log")"
        exit 1
    fi
    sleep 0.05
done

# How a test:///PATH URI reaches the daemon, and the sed expression that
# turns it back.
if [ -n "$tls" ]; then
    port=$(sed -n 's/.* port \([0-9]*\) (tls)$/\1/p' "$tmp/daemon.log")
    prefix="test+tls://localhost:$port"
    param="pkipath=$tmp/pki/client1"
else
    prefix="test+unix://"
    param="socket=$sock"
fi
unremote="s#$prefix\\([^?&]*\\)[?&]$param#test://\\1#g"

mkdir "$tmp/shell"
cp -r "$shell/." "$tmp/shell/"
cat > "$tmp/svsh-remote" <<EOF
#!/bin/sh
remote() {
    case \$1 in
    test://*\\?*) printf '%s%s&%s' "$prefix" "\${1#test://}" "$param" ;;
    test://*) printf '%s%s?%s' "$prefix" "\${1#test://}" "$param" ;;
    *) printf '%s' "\$1" ;;
    esac
}
if [ -n "\${SNAPVIRT_DEFAULT_URI:-}" ]; then
    SNAPVIRT_DEFAULT_URI=\$(remote "\$SNAPVIRT_DEFAULT_URI")
elif [ -n "\${LIBVIRT_DEFAULT_URI:-}" ]; then
    LIBVIRT_DEFAULT_URI=\$(remote "\$LIBVIRT_DEFAULT_URI")
else
    SNAPVIRT_DEFAULT_URI=\$(remote test:///default)
fi
export SNAPVIRT_DEFAULT_URI LIBVIRT_DEFAULT_URI
n=\$#
while [ \$n -gt 0 ]; do
    a=\$1; shift; n=\$((n - 1))
    case \$a in
    -c|--connect)
        if [ \$n -gt 0 ]; then
            set -- "\$@" "\$a" "\$(remote "\$1")"; shift; n=\$((n - 1))
        else
            set -- "\$@" "\$a"
        fi ;;
    --connect=*) set -- "\$@" "--connect=\$(remote "\${a#--connect=}")" ;;
    *) set -- "\$@" "\$a" ;;
    esac
done
exec "$svsh" "\$@"
EOF
chmod +x "$tmp/svsh-remote"

# Does the daemon serve the QEMU program?
qemu_program=1
case $("$tmp/svsh-remote" qemu-monitor-command test '{"execute":"query-status"}' 2>&1) in
*"Cannot find program"*) qemu_program= ;;
esac

# Drops the sections of svsh runs (from a "$ svsh" header to the next)
# whose command line runs qemu-monitor-command on a domain.
without_monitor() {
    awk '/^\$ svsh/ { skip = $0 ~ /qemu-monitor-command [^-]/ && $0 !~ /^\$ svsh help/ }
         !skip' "$1"
}

if [ $# = 0 ]; then
    set -- $(cd "$shell" && ls ./*.in | sed 's#^\./##; s/\.in$//')
fi
echo "1..$#"
status=0
i=0
for name in "$@"; do
    i=$((i + 1))
    reason=$(skip_reason "$name")
    if [ -n "$reason" ]; then
        echo "ok $i - $name # SKIP $reason"
        continue
    fi
    python3 "$tmp/shell/run-golden.py" --svsh "$tmp/svsh-remote" --update \
        "$tmp/shell/$name.in" >/dev/null
    filter=
    if [ -z "$qemu_program" ] &&
       [ "$(without_monitor "$shell/$name.out" | wc -l)" != "$(wc -l < "$shell/$name.out")" ]; then
        filter=1
    fi
    diffs=
    for kind in out err; do
        sed -i "$unremote" "$tmp/shell/$name.$kind"
        expected=$shell/$name.$kind
        if [ -n "$filter" ]; then
            without_monitor "$expected" > "$tmp/$name.$kind.expected"
            without_monitor "$tmp/shell/$name.$kind" > "$tmp/$name.$kind.actual"
            expected=$tmp/$name.$kind.expected
            cp "$tmp/$name.$kind.actual" "$tmp/shell/$name.$kind"
        fi
        diffs=$diffs$(diff -u "$expected" "$tmp/shell/$name.$kind")
    done
    if [ -z "$diffs" ]; then
        echo "ok $i - $name through snapvirtd"
    else
        echo "not ok $i - $name differs through snapvirtd"
        printf '%s\n' "$diffs" | sed 's/^/# /'
        status=1
    fi
    if [ -n "$filter" ]; then
        echo "# $name: the svsh runs using qemu-monitor-command were not compared:" \
             "snapvirtd does not serve the QEMU program yet"
    fi
done
if ! kill -0 $pid 2>/dev/null; then
    echo "# snapvirtd died: $(cat "$tmp/daemon.log")"
    status=1
fi
exit $status
