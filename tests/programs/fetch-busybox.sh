#!/bin/sh
# Fetches Debian's static ppc64el busybox (package busybox-static:ppc64el) and puts its
# bin/busybox at OUTDIR/busybox (default: tests/programs/out). Needs root for apt/dpkg:
# the first run adds the ppc64el architecture to dpkg and refreshes the package lists.
set -eu
out=${1:-$(cd "$(dirname "$0")" && pwd)/out}
mkdir -p "$out"
[ -x "$out/busybox" ] && exit 0
if ! dpkg --print-foreign-architectures | grep -qx ppc64el; then
    dpkg --add-architecture ppc64el
    apt-get update -qq || true  # a mirror hiccup on one suite must not stop us
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
if ! apt-get download -qq busybox-static:ppc64el; then
    apt-get update -qq || true  # a mirror hiccup on one suite must not stop us
    apt-get download -qq busybox-static:ppc64el
fi
dpkg-deb -x busybox-static_*_ppc64el.deb root
cp root/bin/busybox "$out/busybox.tmp"
chmod +x "$out/busybox.tmp"
mv "$out/busybox.tmp" "$out/busybox"
