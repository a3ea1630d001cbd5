#!/usr/bin/env bash
# Makes a self-signed certificate for Ballast's own HTTPS port (deploy/application-tls.yml), for a test or a
# small site; with a CA of your own, put its certificate and key in PEM files instead (see that file).
#
#   deploy/make-self-signed-cert.sh [DIR] [NAME...]     DIR default /etc/ballast/tls; NAMEs: host names or IPs
#                                                       the clients use (localhost and 127.0.0.1 are always in)
# Writes, all created owner-only (umask 077):
#   DIR/ballast.p12           PKCS12 key store with the key and certificate (alias ballast)
#   DIR/keystore-password     its random password: hand it to Ballast as a systemd credential, never on a
#                             command line and not in the environment file (ballast.service, application-tls.yml)
#   DIR/ballast.crt           the certificate alone (public; what clients trust: curl --cacert DIR/ballast.crt)
# The password goes to keytool through a file (-storepass:file), so it never appears in a process list.
# An existing key store is left alone: remove the three files to make a new one.
set -euo pipefail
dir="${1:-/etc/ballast/tls}"
[ $# -gt 0 ] && shift
keytool="keytool"
command -v keytool >/dev/null 2>&1 || keytool="${JAVA_HOME:?keytool not on PATH and JAVA_HOME not set}/bin/keytool"

san="dns:localhost,ip:127.0.0.1"
for name in "$@"; do
  if [[ "$name" =~ ^[0-9.]+$ || "$name" == *:* ]]; then san="$san,ip:$name"; else san="$san,dns:$name"; fi
done
cn="${1:-localhost}"

umask 077
mkdir -p "$dir"
if [ -e "$dir/ballast.p12" ]; then
  echo "make-self-signed-cert: $dir/ballast.p12 exists; remove it (and keystore-password, ballast.crt) to make a new one" >&2
  exit 1
fi
# 32 random bytes as base64url, without a trailing newline (Spring reads the credential file as it is)
head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$dir/keystore-password"
"$keytool" -genkeypair -alias ballast -keyalg EC -groupname secp256r1 -validity 825 \
  -dname "CN=$cn" -ext "san=$san" -keystore "$dir/ballast.p12" -storetype PKCS12 \
  -storepass:file "$dir/keystore-password" >/dev/null
"$keytool" -exportcert -rfc -alias ballast -keystore "$dir/ballast.p12" -storetype PKCS12 \
  -storepass:file "$dir/keystore-password" -file "$dir/ballast.crt" >/dev/null
chmod 644 "$dir/ballast.crt"
echo "make-self-signed-cert: wrote $dir/ballast.p12, $dir/keystore-password (owner-only) and $dir/ballast.crt (SAN $san)"
echo "  let the service user read the key store (not the password file, which systemd reads as root):"
echo "  chgrp ballast $dir $dir/ballast.p12 && chmod 750 $dir && chmod 640 $dir/ballast.p12"
