#!/bin/sh
# svsh's remote driver over x509 TLS to a private real libvirtd (its
# configuration, sockets and certificates in a temporary folder; as root
# it runs as user nobody through setpriv, as test-remote-libvirtd does):
# libvirt's handshake and confirmation byte, its test driver through
# the TLS session, the daemon's library version, and a client
# certificate from a foreign CA refused.  TAP; a SKIP without libvirtd,
# certtool or (as root) setpriv.
#
#   tests/rpc/check-libvirtd-tls.sh SVSH
set -u
here=$(cd "$(dirname "$0")" && pwd)
svsh=$1

libvirtd=$(command -v libvirtd || { [ -x /usr/sbin/libvirtd ] && echo /usr/sbin/libvirtd; })
setpriv=
if [ "$(id -u)" = 0 ]; then
    setpriv=$(command -v setpriv)
    [ -n "$setpriv" ] || { echo "1..0 # SKIP needs setpriv as root"; exit 0; }
fi
if [ -z "$libvirtd" ] || ! command -v certtool >/dev/null 2>&1; then
    echo "1..0 # SKIP needs libvirtd and certtool"
    exit 0
fi

tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
sh "$here/make-pki.sh" "$tmp/pki"
mkdir "$tmp/run" "$tmp/cfg" "$tmp/cache"
# libvirtd may run as nobody: everything here is throwaway.
chmod -R a+rwX "$tmp"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$tmp/libvirtd.conf" <<EOF
unix_sock_dir = "$tmp/run"
auth_unix_rw = "none"
auth_unix_ro = "none"
listen_tls = 1
listen_tcp = 0
listen_addr = "127.0.0.1"
tls_port = "$port"
auth_tls = "none"
key_file = "$tmp/pki/server/serverkey.pem"
cert_file = "$tmp/pki/server/servercert.pem"
ca_file = "$tmp/pki/server/cacert.pem"
EOF
chmod 644 "$tmp/libvirtd.conf"
HOME=$tmp XDG_RUNTIME_DIR=$tmp/run XDG_CONFIG_HOME=$tmp/cfg XDG_CACHE_HOME=$tmp/cache \
    $setpriv ${setpriv:+--reuid=65534 --regid=65534 --clear-groups} \
    "$libvirtd" --listen -f "$tmp/libvirtd.conf" >"$tmp/libvirtd.log" 2>&1 &
pid=$!
i=0
until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; do
    i=$((i + 1))
    if [ $i -gt 200 ] || ! kill -0 $pid 2>/dev/null; then
        echo "1..0 # SKIP libvirtd did not listen on TLS: $(tail -3 "$tmp/libvirtd.log")"
        exit 0
    fi
    sleep 0.1
done

n=0
status=0
# says URI EXPECTED-TEXT COMMANDS: svsh's output (and errors) contain the text
says() {
    n=$((n + 1))
    out=$(timeout 60 "$svsh" -c "$2" "$4" 2>&1)
    case $out in
    *"$3"*) echo "ok $n - $1" ;;
    *) echo "not ok $n - $1"; printf '%s\n' "$out" | sed 's/^/# /'; status=1 ;;
    esac
}

tls="test+tls://localhost:$port/default?pkipath=$tmp/pki/client1"
echo "1..4"
says "libvirtd's test driver over TLS" "$tls" " test   running" "list --all"
says "snapshots over TLS" "$tls" "s1" "snapshot-create-as test s1; snapshot-list test --name"
says "the daemon's library version" "$tls" "Running against daemon: " "version --daemon"
says "a client certificate from another CA is refused by libvirtd" \
    "test+tls://localhost:$port/default?pkipath=$tmp/pki/intruder" \
    "Unable to read TLS confirmation" "list"
exit $status
