#!/bin/sh
# Runs golden scripts through real virsh instead of svsh and compares the
# transcripts with the expected files: the proof that svsh prints what
# virsh 9.0 prints.  Only for scripts whose expected output is virsh's:
# those whose header says "Expected output generated with virsh 9.0"
# (all of them when no script is named).  See README.md.  TAP output
# (meson test svsh-golden-virsh); skipped without virsh 9.0.
#
#   tests/shell/check-virsh.sh [NAME.in ...]
#
# virsh gets svsh's default URI: $SNAPVIRT_DEFAULT_URI if the script set
# it, else $LIBVIRT_DEFAULT_URI, else test:///default; and $SVSH_DEBUG and
# $SVSH_LOG_FILE as $VIRSH_DEBUG and $VIRSH_LOG_FILE.  In virsh's
# transcripts "virsh" and "VIRSH_" read as "svsh" and "SVSH_".
set -u
here=$(cd "$(dirname "$0")" && pwd)
virsh=${VIRSH:-virsh}

version=$("$virsh" --version 2>/dev/null)
case $version in
9.0.*) ;;
*)
    echo "1..0 # SKIP needs virsh 9.0 (found: ${version:-none})"
    exit 0
    ;;
esac

if [ $# = 0 ]; then
    set -- $(grep -l '^# Expected output generated with virsh 9.0' "$here"/*.in)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$here/." "$tmp/"
cat > "$tmp/virsh-as-svsh" <<EOF
#!/bin/sh
if [ -n "\${SNAPVIRT_DEFAULT_URI:-}" ]; then
    LIBVIRT_DEFAULT_URI=\$SNAPVIRT_DEFAULT_URI
elif [ -z "\${LIBVIRT_DEFAULT_URI:-}" ]; then
    LIBVIRT_DEFAULT_URI=test:///default
fi
# Through a daemon: test:///X becomes test+unix:///X?socket=\$SNAPVIRT_GOLDEN_SOCKET.
if [ -n "\${SNAPVIRT_GOLDEN_SOCKET:-}" ]; then
    remote() {
        case \$1 in
        test://*) printf 'test+unix://%s?socket=%s' "\${1#test://}" "\$SNAPVIRT_GOLDEN_SOCKET" ;;
        *) printf '%s' "\$1" ;;
        esac
    }
    LIBVIRT_DEFAULT_URI=\$(remote "\$LIBVIRT_DEFAULT_URI")
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
        *) set -- "\$@" "\$a" ;;
        esac
    done
fi
export LIBVIRT_DEFAULT_URI
if [ -n "\${SVSH_DEBUG+set}" ]; then
    VIRSH_DEBUG=\$SVSH_DEBUG
    export VIRSH_DEBUG
fi
if [ -n "\${SVSH_LOG_FILE+set}" ]; then
    VIRSH_LOG_FILE=\$SVSH_LOG_FILE
    export VIRSH_LOG_FILE
fi
exec "$virsh" "\$@"
EOF
chmod +x "$tmp/virsh-as-svsh"

echo "1..$#"
status=0
i=0
for script in "$@"; do
    i=$((i + 1))
    name=$(basename "$script" .in)
    python3 "$tmp/run-golden.py" --svsh "$tmp/virsh-as-svsh" --update \
        "$tmp/$name.in" >/dev/null
    diffs=
    for kind in out err; do
        # virsh calls itself virsh where svsh says svsh.
        sed -i 's/\bvirsh\b/svsh/g; s/\bVIRSH_/SVSH_/g' "$tmp/$name.$kind"
        expected=$here/$name.$kind
        if [ -n "${SNAPVIRT_GOLDEN_SOCKET:-}" ]; then
            # The URIs as the script wrote them; a remote connection has
            # keepalive, so virsh's debug log lacks the line saying not.
            sed -i "s#test+unix://\([^?]*\)?socket=$SNAPVIRT_GOLDEN_SOCKET#test://\1#g
                    /Failed to setup keepalive on connection/d" "$tmp/$name.$kind"
            expected=$tmp/$name.$kind.expected
            sed '/Failed to setup keepalive on connection/d' "$here/$name.$kind" > "$expected"
        fi
        diffs=$diffs$(diff -u "$expected" "$tmp/$name.$kind")
    done
    if [ -z "$diffs" ]; then
        echo "ok $i - $name matches virsh"
    else
        echo "not ok $i - $name differs from virsh"
        printf '%s\n' "$diffs" | sed 's/^/# /'
        status=1
    fi
done
exit $status
