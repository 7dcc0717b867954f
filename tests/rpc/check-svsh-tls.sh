#!/bin/sh
# svsh's remote driver over TCP and x509 TLS to snapvirtd, with
# throwaway certificates (make-pki.sh): the handshake both ways, the
# server's host name (DNS and IP), no_verify=1, a foreign client
# certificate and a server certificate for another name refused,
# missing files named, plain TCP, and an event over TLS.  TAP.
# (check-svsh-daemon.sh --tls runs the golden scripts over TLS.)
#
#   tests/rpc/check-svsh-tls.sh SNAPVIRTD SVSH
set -u
here=$(cd "$(dirname "$0")" && pwd)
snapvirtd=$1
svsh=$2

if ! command -v certtool >/dev/null 2>&1; then
    echo "1..0 # SKIP needs certtool (gnutls-bin)"
    exit 0
fi

tmp=$(mktemp -d)
trap 'for p in $pids; do kill $p 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tmp"' EXIT
sh "$here/make-pki.sh" "$tmp/pki"
data=$here/../shell/data

. "$here/daemon-lib.sh"

start main --listen-tls 127.0.0.1:0 --listen-tcp 127.0.0.1:0 --pki-dir "$tmp/pki/server"
pki=$tmp/pki/client1
tls="test+tls://localhost:$PORT/default?pkipath=$pki"

echo "1..10"
ok "svsh over TLS (DNS name) runs snapshot commands" \
    says "$svsh" "$tls" "s1" "snapshot-create-as test s1; snapshot-list test --name"
ok "the server's certificate is checked against the IP address too" \
    says "$svsh" "test+tls://127.0.0.1:$PORT/default?pkipath=$pki" " test " "list"
ok "a block job waits for its event over TLS" \
    says "$svsh" "test+tls://localhost:$PORT$data/blockjobs.xml?pkipath=$pki" \
    "Successfully pivoted" "blockcommit bj vda --active --wait --pivot"
ok "a client certificate from another CA is refused by the server" \
    says "$svsh" "test+tls://localhost:$PORT/default?pkipath=$tmp/pki/intruder" \
    "Unable to read TLS confirmation" "list"
ok "missing client files are named" \
    says "$svsh" "test+tls://localhost:$PORT/default?pkipath=$tmp/nowhere" \
    "$tmp/nowhere/cacert.pem" "list"
ok "plain TCP serves the same API" \
    says "$svsh" "test+tcp://127.0.0.1:$TCPPORT/default" " test " "list"

start elsewhere --listen-tls 127.0.0.1:0 --pki-dir "$tmp/pki/elsewhere"
ok "a server certificate for another host name is refused by the client" \
    says "$svsh" "test+tls://localhost:$PORT/default?pkipath=$pki" "does not match" "list"
ok "no_verify=1 accepts it" \
    says "$svsh" "test+tls://localhost:$PORT/default?pkipath=$pki&no_verify=1" " test " "list"
ok "the server still checks the client with no_verify=1" \
    says "$svsh" "test+tls://localhost:$PORT/default?pkipath=$tmp/pki/intruder&no_verify=1" \
    "Unable to read TLS confirmation" "list"
# keepalive_idle URI: svsh pings every second and gives up after one
# unanswered ping; idling 3 s must not lose the connection.
keepalive_idle() {
    out=$(timeout 30 "$svsh" -k 1 -K 1 -c "$1" 'event --all --timeout 3; list --name' 2>&1)
    case $out in
    *"events received: 0"*test*) return 0 ;;
    *) printf '%s\n' "$out"; return 1 ;;
    esac
}
ok "keepalive: an idle connection stays up (the daemon answers pings)" keepalive_idle "$tls"
exit $status
