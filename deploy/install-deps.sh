#!/usr/bin/env bash
# Installs every Debian 12 package Baoxue needs to build, test and run
# (including Node and Chromium for the web page and its browser tests). Idempotent:
# packages already present are not fetched again. Needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ca-certificates
  libgrpc++-dev libgrpc-dev protobuf-compiler protobuf-compiler-grpc libprotobuf-dev
  libeigen3-dev libpqxx-dev libpq-dev libabsl-dev libssl-dev
  libgtest-dev libgmock-dev googletest
  libcurl4-openssl-dev libcpp-httplib-dev libxlsxwriter-dev unzip openssl python3-xlsxwriter
  libzip-dev libexpat1-dev libfreexl-dev
  prometheus-cpp-dev liboath-dev clang-14 libclang-rt-14-dev libyaml-cpp-dev python3-yaml
  postgresql-15 postgresql-client-15
  chromium fonts-wqy-zenhei
  python3-grpcio python3-protobuf
  golang-go golang-google-grpc-dev golang-google-protobuf-dev golang-github-golang-protobuf-1-5-dev
  protoc-gen-go protoc-gen-go-grpc
)
# The example clients (client/examples/, run by tests/e2e integrator_e2e):
# Python over gRPC with Debian's grpcio/protobuf, stubs from protoc 3.21 and
# protobuf-compiler-grpc's grpc_python_plugin; Go over gRPC, built offline
# in GOPATH mode from /usr/share/gocode (grpc-go's codec needs
# github.com/golang/protobuf 1.5, which wraps google.golang.org/protobuf; the
# 1.3 that golang-google-grpc-dev pulls in by default cannot decode them).
# The web page is built with Node (>= 18); Debian's nodejs only if no node is
# installed already (a newer one may be). The browser tests drive Debian's
# chromium; the font shows Chinese in its screenshots.
command -v node >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo_cmd=()
[ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's postgresql package starts the system cluster; Baoxue never uses it.
echo "install-deps: done"
