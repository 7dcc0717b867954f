# Shared by the TLS test scripts (sourced): a temporary folder with
# throwaway certificates, TAP results, daemons on free ports.
#   needs: $here (the scripts' folder), $snapvirtd
# sets: $tmp (removed at exit), $tmp/pki (make-pki.sh)

if ! command -v certtool >/dev/null 2>&1; then
    echo "1..0 # SKIP needs certtool (gnutls-bin)"
    exit 0
fi

tmp=$(mktemp -d)
pids=
trap 'for p in $pids; do kill $p 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tmp"' EXIT
sh "$here/make-pki.sh" "$tmp/pki"

n=0
status=0
ok() {   # ok DESCRIPTION COMMAND...: one TAP result, the command's output on failure
    desc=$1
    shift
    n=$((n + 1))
    if out=$("$@" 2>&1); then
        echo "ok $n - $desc"
    else
        echo "not ok $n - $desc"
        printf '%s\n' "$out" | sed 's/^/# /'
        status=1
    fi
}

# start NAME ARGS...: a daemon; sets PORT to its TLS port, TCPPORT to its TCP one
start() {
    name=$1
    shift
    "$snapvirtd" --socket "$tmp/$name.sock" "$@" 2>"$tmp/$name.log" &
    pids="$pids $!"
    i=0
    while [ ! -S "$tmp/$name.sock" ] && [ $i -lt 200 ]; do
        sleep 0.05
        i=$((i + 1))
    done
    PORT=$(sed -n 's/.* port \([0-9]*\) (tls)$/\1/p' "$tmp/$name.log")
    TCPPORT=$(sed -n 's/.* port \([0-9]*\) (tcp)$/\1/p' "$tmp/$name.log")
}
