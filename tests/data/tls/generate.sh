#!/bin/sh
# Makes NAME-cert.pem and NAME-key.pem: a self-signed server certificate for 127.0.0.1 and
# localhost, valid from 2000 to 2100. See README.md. Usage: sh generate.sh NAME
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
name=$1
work=$(mktemp -d)
cat > "$work/ca.cnf" <<CNF
[ ca ]
default_ca = self
[ self ]
database = $work/index.txt
new_certs_dir = $work
serial = $work/serial
default_md = sha256
policy = any
copy_extensions = none
x509_extensions = leaf
[ any ]
commonName = supplied
[ leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
CNF
: > "$work/index.txt"
echo 01 > "$work/serial"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout "$name-key.pem" -out "$work/req.csr" -subj "/CN=127.0.0.1"
openssl ca -batch -selfsign -config "$work/ca.cnf" -keyfile "$name-key.pem" \
  -in "$work/req.csr" -out "$name-cert.pem" -notext \
  -startdate 20000101000000Z -enddate 21000101000000Z
rm -rf "$work"
