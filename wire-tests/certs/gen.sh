#!/usr/bin/env bash
# Generates throw-away TLS material for the tests into DIR (created if missing):
#   ca.pem                      the test CA (signs server, other, client)
#   server.pem / server.key     CN=localhost, SAN DNS:localhost, IP:127.0.0.1
#   other.pem / other.key       CN=flight.test, SAN DNS:flight.test only (hostname-override tests)
#   client.pem / client.key     CN=flight-client, clientAuth, signed by ca.pem
#   wrong-ca.pem                another CA
#   wrong-client.pem / .key     CN=intruder, clientAuth, signed by wrong-ca.pem
# Keys are RSA 2048 in PKCS#8 PEM ("BEGIN PRIVATE KEY"), which every peer reads. Valid 2 days.
#   gen.sh DIR
set -euo pipefail
dir="${1:?usage: gen.sh DIR}"
mkdir -p "$dir"
cd "$dir"
key() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; }
ca() { # name cn
  key "$1.key"
  openssl req -x509 -new -key "$1.key" -sha256 -days 2 -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$1.pem" 2>/dev/null
}
leaf() { # name cn ca extfile-lines
  local name="$1" cn="$2" issuer="$3" ext="$4"
  key "$name.key"
  openssl req -new -key "$name.key" -subj "/CN=$cn" -out "$name.csr" 2>/dev/null
  printf '%b\n' "$ext" > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA "$issuer.pem" -CAkey "$issuer.key" -CAcreateserial \
    -sha256 -days 2 -extfile "$name.ext" -out "$name.pem" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}
ca ca "flightwire test CA"
ca wrong-ca "some other CA"
leaf server localhost ca \
  "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1"
leaf other flight.test ca \
  "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:flight.test"
leaf client flight-client ca \
  "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth"
leaf wrong-client intruder wrong-ca \
  "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth"
rm -f ./*.srl
