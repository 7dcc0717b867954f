#!/bin/sh
# Throwaway x509 files for the TLS tests, made with certtool (gnutls-bin):
#   DIR/server/{cacert,servercert,serverkey}.pem  (CN=localhost, IP 127.0.0.1)
#   DIR/client1/{cacert,clientcert,clientkey}.pem (O=Test,CN=client1)
#   DIR/client2/...                              (O=Test,CN=client2)
#   DIR/intruder/...                             (signed by another CA)
#   DIR/elsewhere/{cacert,servercert,serverkey}.pem (CN=elsewhere.example)
# in libvirt's file names, for snapvirtd --pki-dir and virsh ?pkipath=.
#
#   tests/rpc/make-pki.sh DIR
set -eu
d=$1
mkdir -p "$d"
cd "$d"

ca() {   # ca NAME
    certtool --generate-privkey --key-type rsa --bits 2048 --outfile "$1-key.pem" 2>/dev/null
    printf 'cn = %s\nca\ncert_signing_key\nexpiration_days = 2\n' "$1" > "$1.info"
    certtool --generate-self-signed --load-privkey "$1-key.pem" --template "$1.info" \
        --outfile "$1-cert.pem" 2>/dev/null
}

cert() {   # cert CA DIR ROLE TEMPLATE-LINES
    mkdir -p "$2"
    certtool --generate-privkey --key-type rsa --bits 2048 --outfile "$2/$3key.pem" 2>/dev/null
    printf '%s\nexpiration_days = 2\n' "$4" > "$2/$3.info"
    certtool --generate-certificate --load-privkey "$2/$3key.pem" \
        --load-ca-certificate "$1-cert.pem" --load-ca-privkey "$1-key.pem" \
        --template "$2/$3.info" --outfile "$2/$3cert.pem" 2>/dev/null
    cp "$1-cert.pem" "$2/cacert.pem"
}

ca ca
ca otherca
cert ca server server 'organization = Test
cn = localhost
dns_name = localhost
ip_address = 127.0.0.1
tls_www_server
encryption_key
signing_key'
cert ca elsewhere server 'organization = Test
cn = elsewhere.example
dns_name = elsewhere.example
tls_www_server
encryption_key
signing_key'
for c in client1 client2; do
    cert ca "$c" client "country = GB
organization = Test
cn = $c
tls_www_client
encryption_key
signing_key"
done
cert otherca intruder client 'organization = Test
cn = client1
tls_www_client
encryption_key
signing_key'
# The intruder trusts the real CA: only its own certificate is foreign.
cp ca-cert.pem intruder/cacert.pem
