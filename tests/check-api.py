#!/usr/bin/env python3
# Checks snapvirt's public API against libvirt's installed headers:
#  1. every constant snapvirt's headers define has libvirt's value,
#  2. every function snapvirt declares has libvirt's prototype,
#  3. the shared library exports exactly the declared functions.
# Prints TAP.  Usage: check-api.py SRCDIR LIBSNAPVIRT.so CC
import os
import re
import subprocess
import sys
import tempfile


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def our_headers(srcdir):
    d = os.path.join(srcdir, 'include', 'libvirt')
    return [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith('.h')]


def constants(headers):
    names = set()
    for h in headers:
        text = open(h).read()
        text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
        names.update(re.findall(r'^\s*(VIR_[A-Z0-9_]+)\s*=', text, re.M))
        # Numeric macros only (not attributes such as VIR_DEPRECATED).
        names.update(re.findall(r'^#\s*define\s+(VIR_[A-Z0-9_]+|LIBVIR_VERSION_NUMBER)'
                                r'\s+[(0-9]', text, re.M))
    return sorted(names)


def values(cc, names, include_flags, tmp, tag):
    src = os.path.join(tmp, 'values-%s.c' % tag)
    exe = os.path.join(tmp, 'values-%s' % tag)
    with open(src, 'w') as f:
        f.write('#include <stdio.h>\n#include <libvirt/libvirt.h>\n'
                '#include <libvirt/virterror.h>\n#include <libvirt/libvirt-qemu.h>\nint main(void) {\n')
        for n in names:
            f.write('    printf("%%s %%lld\\n", "%s", (long long)(%s));\n' % (n, n))
        f.write('    return 0;\n}\n')
    res = run([cc, '-w', '-o', exe, src] + include_flags)
    if res.returncode != 0:
        raise RuntimeError(res.stderr)
    return dict(line.split() for line in run([exe]).stdout.splitlines())


def known_to(cc, names, include_flags, tmp):
    """The subset of @names that libvirt's headers define (by trial)."""
    known = []
    src = os.path.join(tmp, 'probe.c')
    for n in names:
        with open(src, 'w') as f:
            f.write('#include <libvirt/libvirt.h>\n#include <libvirt/virterror.h>\n#include <libvirt/libvirt-qemu.h>\n'
                    'long long x = (long long)(%s);\n' % n)
        if run([cc, '-c', '-o', os.devnull, src] + include_flags).returncode == 0:
            known.append(n)
    return known


def prototypes(cc, include_flags, tmp, tag):
    src = os.path.join(tmp, 'proto-%s.c' % tag)
    aux = os.path.join(tmp, 'proto-%s.aux' % tag)
    with open(src, 'w') as f:
        f.write('#include <libvirt/libvirt.h>\n#include <libvirt/virterror.h>\n#include <libvirt/libvirt-qemu.h>\n')
    res = run([cc, '-fsyntax-only', '-aux-info', aux, src] + include_flags)
    if res.returncode != 0:
        raise RuntimeError(res.stderr)
    protos = {}
    for line in open(aux):
        m = re.search(r'\*/\s*(.*?)\s*;\s*$', line)
        if not m:
            continue
        decl = re.sub(r'\s+', ' ', m.group(1)).replace('extern ', '')
        fm = re.search(r'\b(vir[A-Za-z0-9_]+)\s*\(', decl)
        if fm:
            protos[fm.group(1)] = decl
    return protos


# snapvirt's own API, which libvirt does not have: volume snapshots
# (libvirt-storage.h).  Everything else must be libvirt's.
SNAPVIRT_ONLY_PREFIXES = ('virStorageVolSnapshot', 'virStorageVolListAllSnapshots',
                          'virStorageVolHasCurrentSnapshot',
                          'virStorageVolRevertToSnapshot')


def main():
    srcdir, lib, cc = sys.argv[1], sys.argv[2], sys.argv[3]
    ours = ['-I', os.path.join(srcdir, 'include')]
    res = run(['pkg-config', '--cflags', 'libvirt'])
    print('1..3')
    if res.returncode != 0:
        for i, what in enumerate(['constants', 'prototypes'], 1):
            print('ok %d - %s match libvirt # SKIP libvirt-dev not installed' % (i, what))
        theirs = None
    else:
        theirs = res.stdout.split()

    with tempfile.TemporaryDirectory() as tmp:
        if theirs is not None:
            names = constants(our_headers(srcdir))
            ourvals = values(cc, names, ours, tmp, 'ours')
            shared = known_to(cc, names, theirs, tmp)
            theirvals = values(cc, shared, theirs, tmp, 'theirs')
            bad = ['%s: snapvirt %s, libvirt %s' % (n, ourvals[n], theirvals[n])
                   for n in shared if ourvals[n] != theirvals[n]]
            for line in bad:
                print('# ' + line)
            print('# %d constants compared; snapvirt-only: %s' %
                  (len(shared), ', '.join(sorted(set(names) - set(shared))) or 'none'))
            print('%s 1 - constants match libvirt' % ('not ok' if bad else 'ok'))

            mine = prototypes(cc, ours, tmp, 'ours')
            libvirts = prototypes(cc, theirs, tmp, 'theirs')
            bad = []
            for fn, decl in sorted(mine.items()):
                if fn not in libvirts:
                    if not fn.startswith(SNAPVIRT_ONLY_PREFIXES):
                        bad.append('%s: not in libvirt' % fn)
                elif libvirts[fn] != decl:
                    bad.append('%s: snapvirt "%s", libvirt "%s"' % (fn, decl, libvirts[fn]))
            for line in bad:
                print('# ' + line)
            print('# %d prototypes compared' % len(mine))
            print('%s 2 - prototypes match libvirt' % ('not ok' if bad else 'ok'))

        declared = set(prototypes(cc, ours, tmp, 'ours2'))
        declared.add('virConnectAuthPtrDefault')
        nm = run(['nm', '-D', '--defined-only', lib]).stdout.split('\n')
        exported = {l.split()[-1].split('@')[0] for l in nm if l.strip()}
        exported = {s for s in exported if not s.startswith('SNAPVIRT_')}
        missing = sorted(declared - exported)
        extra = sorted(exported - declared)
        for s in missing:
            print('# declared but not exported: ' + s)
        for s in extra:
            print('# exported but not declared: ' + s)
        print('%s 3 - exports are exactly the public API' %
              ('not ok' if missing or extra else 'ok'))


if __name__ == '__main__':
    main()
