#!/bin/sh
# Installs the Debian 12 packages snapvirt needs to build and test.
# As root it runs apt-get for whatever is missing; otherwise it prints the
# exact command to run.  Exits 0 when everything is present.
set -eu

PACKAGES="
  gcc
  make
  meson
  ninja-build
  pkg-config
  python3
  libglib2.0-dev
  libxml2-dev
  libxml2-utils
  libreadline-dev
  libjson-c-dev
  qemu-system-x86
  qemu-utils
  libvirt-dev
  libvirt0
  libvirt-clients
  libvirt-daemon
  valgrind
"

missing=""
for pkg in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $pkg" ;;
    esac
done

if [ -z "$missing" ]; then
    exit 0
fi

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
    echo "snapvirt needs these Debian packages:$missing" >&2
    echo "Run as root:  apt-get update && DEBIAN_FRONTEND=noninteractive $cmd" >&2
    exit 1
fi

echo "Installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
