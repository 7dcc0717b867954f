#!/usr/bin/env python3
# Golden tests of svsh: each tests/shell/NAME.in is a /bin/sh script whose
# `svsh` runs the built shell.  Every svsh call writes a header line
# "$ svsh ARGS" to both the captured stdout and stderr and, after its
# output, "[exit N]" to stdout.  The transcripts, with timestamps
# normalised, must equal NAME.out and NAME.err.  One TAP result per script.
#
#   run-golden.py --svsh PATH [--update] [NAME.in ...]
#
# --update rewrites the expected files from this run (review the diff!).
# Scripts run in a fresh temporary directory with $DATA pointing at
# tests/shell/data, SNAPVIRT_DEFAULT_URI and LIBVIRT_DEFAULT_URI unset,
# HOME and XDG_DATA_HOME inside the temporary directory, TZ=UTC.  In the
# transcripts the data folder reads as $DATA and the temporary directory
# as $TMP, so fixtures can be named by absolute path (test://$DATA/...).
import argparse
import difflib
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# Timestamps and clock-derived values: "2026-11-24 10:11:12 +0000", <creationTime>N</creationTime>,
# and the epoch-derived default snapshot names (all digits, 10 of them).
NORMALISE = [
    (re.compile(r'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}'), 'YYYY-MM-DD HH:MM:SS +ZZZZ'),
    (re.compile(r'<creationTime>\d+</creationTime>'), '<creationTime>T</creationTime>'),
    (re.compile(r'(?<![\w.-])1\d{9}(?![\w.])'), 'EPOCH'),
    # the test driver's CPU time follows the clock
    (re.compile(r'(CPU time: +)\d+\.\ds'), r'\1Ns'),
    # snapshot-edit's temporary files (virsh names them virshXXXXXX.xml)
    (re.compile(r'\b(?:svsh|virsh)[A-Za-z0-9]{6}\.xml\b'), 'svshXXXXXX.xml'),
]

WRAPPER = r'''
svsh() {
    printf '$ svsh' ; printf ' %s' "$@" ; printf '\n'
    { printf '$ svsh' ; printf ' %s' "$@" ; printf '\n' ; } >&2
    "$SVSH_BIN" "$@"
    _svsh_rc=$?
    printf '[exit %d]\n' "$_svsh_rc"
    return $_svsh_rc
}
'''


def normalise(text):
    for pattern, repl in NORMALISE:
        text = pattern.sub(repl, text)
    return text


def run_script(svsh, script):
    with tempfile.TemporaryDirectory(prefix='svsh-golden-') as tmp:
        env = {k: v for k, v in os.environ.items()
               if k not in ('SNAPVIRT_DEFAULT_URI', 'LIBVIRT_DEFAULT_URI',
                            'VISUAL', 'EDITOR', 'SNAPVIRT_DEBUG')}
        env.update({
            'SVSH_BIN': svsh,
            'DATA': os.path.join(HERE, 'data'),
            'HOME': tmp,
            'XDG_DATA_HOME': os.path.join(tmp, 'share'),
            'TZ': 'UTC',
            'LC_ALL': 'C',
        })
        with open(script, encoding='utf-8') as f:
            body = f.read()
        proc = subprocess.run(['/bin/sh', '-c', WRAPPER + body],
                              cwd=tmp, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=120)
        out = proc.stdout.decode('utf-8', 'replace')
        err = proc.stderr.decode('utf-8', 'replace')
        # Paths that depend on the checkout and the run: the data folder
        # and the temporary directory read as $DATA and $TMP.
        paths = [(env['DATA'], '$DATA'), (os.path.realpath(tmp), '$TMP'), (tmp, '$TMP')]
        for path, name in paths:
            out, err = out.replace(path, name), err.replace(path, name)
        return normalise(out), normalise(err)


def compare(name, kind, expected_path, actual):
    try:
        # newline='': a carriage return (progress lines) stays one.
        with open(expected_path, encoding='utf-8', newline='') as f:
            expected = f.read()
    except FileNotFoundError:
        return ['# %s: no expected file %s' % (name, expected_path)]
    if expected == actual:
        return []
    diff = difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                'expected ' + kind, 'actual ' + kind)
    return ['# ' + line.rstrip('\n') for line in diff]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--svsh', required=True)
    ap.add_argument('--update', action='store_true')
    ap.add_argument('scripts', nargs='*')
    args = ap.parse_args()

    scripts = args.scripts or sorted(glob.glob(os.path.join(HERE, '*.in')))
    svsh = os.path.abspath(args.svsh)
    print('1..%d' % len(scripts))
    failed = 0
    for i, script in enumerate(scripts, 1):
        name = os.path.splitext(os.path.basename(script))[0]
        base = os.path.splitext(script)[0]
        try:
            out, err = run_script(svsh, script)
        except subprocess.TimeoutExpired:
            print('not ok %d - %s # timed out' % (i, name))
            failed += 1
            continue
        if args.update:
            with open(base + '.out', 'w', encoding='utf-8', newline='') as f:
                f.write(out)
            with open(base + '.err', 'w', encoding='utf-8', newline='') as f:
                f.write(err)
        problems = (compare(name, 'stdout', base + '.out', out)
                    + compare(name, 'stderr', base + '.err', err))
        if problems:
            failed += 1
            print('not ok %d - %s' % (i, name))
            print('\n'.join(problems))
        else:
            print('ok %d - %s' % (i, name))
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
