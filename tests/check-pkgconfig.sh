#!/bin/sh
# Builds and runs examples/snapshot-tree.c the way users do: through the
# uninstalled pkg-config file of the build tree, and through the installed
# one after `meson install` into a scratch directory.  Prints TAP.
# Usage: check-pkgconfig.sh SRCDIR BUILDDIR CC [CFLAGS]
# (CFLAGS carries -fsanitize=... when the library was built with it.)
set -u
src=$1 build=$2 cc="$3 ${4:-}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..2"

flags=$(PKG_CONFIG_PATH="$build/meson-uninstalled" pkg-config --cflags --libs snapvirt)
if $cc -o "$tmp/uninstalled" "$src/examples/snapshot-tree.c" $flags &&
   LD_LIBRARY_PATH="$build/src" "$tmp/uninstalled" | grep -q 'a-child'; then
    echo "ok 1 - builds and runs with snapvirt-uninstalled.pc"
else
    echo "not ok 1 - builds and runs with snapvirt-uninstalled.pc"
fi

if meson install -C "$build" --destdir "$tmp/root" --quiet >"$tmp/install.log" 2>&1; then
    pcdir=$(dirname "$(find "$tmp/root" -name snapvirt.pc | head -n1)")
    prefix=$(PKG_CONFIG_PATH="$pcdir" pkg-config --variable=prefix snapvirt)
    flags=$(PKG_CONFIG_PATH="$pcdir" pkg-config --define-variable=prefix="$tmp/root$prefix" \
            --cflags --libs snapvirt)
    if [ -f "$tmp/root$prefix/include/snapvirt/libvirt/libvirt.h" ] &&
       $cc -o "$tmp/installed" "$src/examples/snapshot-tree.c" $flags &&
       LD_LIBRARY_PATH="$(dirname "$(find "$tmp/root" -name 'libsnapvirt.so.0' | head -n1)")" \
           "$tmp/installed" | grep -q 'a-child'; then
        echo "ok 2 - builds and runs with the installed snapvirt.pc"
    else
        echo "not ok 2 - builds and runs with the installed snapvirt.pc"
    fi
else
    sed 's/^/# /' "$tmp/install.log"
    echo "not ok 2 - builds and runs with the installed snapvirt.pc"
fi
