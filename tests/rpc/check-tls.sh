#!/bin/sh
# snapvirtd over TCP and x509 TLS, with real virsh 9.0 as the client and
# throwaway certificates (make-pki.sh): the handshake both ways, the
# server's host name (DNS and IP), a client certificate from a foreign CA
# and a distinguished name off the allow-list refused, plain TCP, and the
# daemon's own checks of its options and files.  TAP.
#
#   tests/rpc/check-tls.sh SNAPVIRTD
set -u
here=$(cd "$(dirname "$0")" && pwd)
snapvirtd=$1

for prog in certtool virsh; do
    if ! command -v $prog >/dev/null 2>&1; then
        echo "1..0 # SKIP needs $prog"
        exit 0
    fi
done

tmp=$(mktemp -d)
trap 'for p in $pids; do kill $p 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tmp"' EXIT
sh "$here/make-pki.sh" "$tmp/pki"

. "$here/daemon-lib.sh"

start main --listen-tls 127.0.0.1:0 --listen-tcp 127.0.0.1:0 --pki-dir "$tmp/pki/server"
tls="test+tls://localhost:$PORT/default?pkipath=$tmp/pki/client1"

echo "1..9"
ok "virsh over TLS (DNS name) runs snapshot commands" \
    says virsh "$tls" "Domain snapshot s1 created" \
    "list; snapshot-create-as test s1; snapshot-list test --name"
ok "the server's certificate is checked against the IP address too" \
    says virsh "test+tls://127.0.0.1:$PORT/default?pkipath=$tmp/pki/client1" " test " "list"
ok "a client certificate from another CA is refused by the server" \
    says virsh "test+tls://localhost:$PORT/default?pkipath=$tmp/pki/intruder&no_sanity=1" \
    "Unable to read TLS confirmation" "list"
ok "plain TCP serves the same API" \
    says virsh "test+tcp://127.0.0.1:$TCPPORT/default" " test " "list"

start elsewhere --listen-tls 127.0.0.1:0 --pki-dir "$tmp/pki/elsewhere"
ok "a server certificate for another host name is refused by the client" \
    says virsh "test+tls://localhost:$PORT/default?pkipath=$tmp/pki/client1" \
    "does not match" "list"

start dn --listen-tls 127.0.0.1:0 --pki-dir "$tmp/pki/server" \
    --tls-allowed-dn 'C=GB,O=Test,CN=nobody' --tls-allowed-dn '*CN=client1*'
ok "a distinguished name on the allow-list is accepted" \
    says virsh "test+tls://localhost:$PORT/default?pkipath=$tmp/pki/client1" " test " "list"
ok "a distinguished name off the allow-list is refused" \
    says virsh "test+tls://localhost:$PORT/default?pkipath=$tmp/pki/client2" \
    "Unable to read TLS confirmation" "list"

refuses() {   # refuses EXPECTED-TEXT ARGS...: the daemon exits 1 saying it
    text=$1
    shift
    out=$("$snapvirtd" --socket "$tmp/bad.sock" "$@" 2>&1)
    rc=$?
    [ $rc -eq 1 ] && case $out in *"$text"*) true ;; *) false ;; esac ||
        { printf 'exit %s: %s\n' $rc "$out"; return 1; }
}
ok "--listen-tls without --pki-dir is refused" refuses "needs --pki-dir" --listen-tls 0
ok "a PKI folder without the server's files is named" \
    refuses "$tmp/pki/client1/servercert.pem" --listen-tls 127.0.0.1:0 --pki-dir "$tmp/pki/client1"
exit $status
