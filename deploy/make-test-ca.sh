#!/usr/bin/env bash
# A test certificate authority for the demo and the tests — never for a
# county's server (docs/security.md, "Transport"):
#
#   deploy/make-test-ca.sh DIR [--renew-server]
#
# makes in DIR (mode 700), if not there yet:
#   ca.pem, ca.key          the test CA (give ca.pem to `baoxue --ca_file`)
#   server.pem, server.key  the server's certificate for 127.0.0.1, ::1 and
#                           localhost (tls.cert_file, tls.key_file)
#   client.pem, client.key  a client certificate (CN baoxue-test-system) for
#                           tls.client_ca_file = ca.pem
# Idempotent: files already made are kept. --renew-server issues a new
# server.pem (new serial, same key) and swaps it in with one rename, as a
# certificate renewal does; a running server picks it up without restart.
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ] || { [ $# = 2 ] && [ "$2" != --renew-server ]; }; then
  echo "usage: deploy/make-test-ca.sh DIR [--renew-server]" >&2
  exit 2
fi
dir=$1
renew=${2:-}
mkdir -p "$dir"
chmod 700 "$dir"
cd "$dir"
umask 077

key() {  # key FILE: a P-256 key unless FILE exists
  [ -s "$1" ] || openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -out "$1" 2>/dev/null
}

# sign NAME SUBJECT EXTENSIONS: NAME.pem for NAME.key, signed by the CA,
# written beside and renamed into place (a reader never sees half a file).
sign() {
  local name=$1 subject=$2 extensions=$3
  printf '%b\n' "$extensions" >"$name.ext"
  openssl req -new -key "$name.key" -subj "$subject" -out "$name.csr"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key \
    -set_serial "0x$(openssl rand -hex 16)" -days 825 -sha256 \
    -extfile "$name.ext" -out "$name.pem.new" 2>/dev/null
  chmod 644 "$name.pem.new"
  mv -f "$name.pem.new" "$name.pem"
  rm -f "$name.csr" "$name.ext"
}

if [ ! -s ca.pem ] || [ ! -s ca.key ]; then
  rm -f ca.pem server.pem client.pem  # a new CA invalidates what it signed
  key ca.key
  openssl req -x509 -new -key ca.key -subj "/CN=Baoxue test CA" -days 3650 \
    -sha256 -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem
  chmod 644 ca.pem
fi

key server.key
if [ ! -s server.pem ] || [ "$renew" = --renew-server ]; then
  sign server "/CN=localhost" \
    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost"
fi

key client.key
if [ ! -s client.pem ]; then
  sign client "/CN=baoxue-test-system" \
    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth"
fi
