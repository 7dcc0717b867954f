#!/usr/bin/env python3
# The progress line of blockcommit/blockpull/blockcopy --wait --verbose,
# which depends on timing and so cannot be a golden transcript: on
# standard error, each update is "\r<Label>: [NNN %]" (the number right
# aligned in three columns, as virsh 9.0 prints it), the numbers never
# go down, at least one lies strictly between 0 and 100 when the job is
# slowed down by --bandwidth, and the last is [100 %]; the final message
# is on standard output after a newline.  Also: SIGINT aborts a waiting
# job ("Commit aborted", exit 1).
#
#   run-progress.py --svsh PATH
#
# One TAP result per check.  Nothing sleeps to synchronise: the SIGINT
# check waits for the first progress line before it interrupts.
import argparse
import os
import re
import select
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
URI = 'test://' + os.path.join(HERE, 'data', 'blockjobs.xml')
DEADLINE = 20
UPDATE = re.compile(r'\r([A-Za-z ]+): \[([ \d]{3}) %\]')


def run(svsh, command):
    proc = subprocess.run([svsh, '-c', URI, command], capture_output=True,
                          timeout=DEADLINE, stdin=subprocess.DEVNULL)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def check_progress(err, label):
    """Problems with the progress text @err, or []."""
    updates = UPDATE.findall(err)
    problems = []
    if UPDATE.sub('', err):
        problems.append('unexpected text on stderr: %r' % UPDATE.sub('', err))
    if not updates:
        return problems + ['no progress line in %r' % err]
    if any(name != label for name, _ in updates):
        problems.append('labels %r, expected %r' % ({n for n, _ in updates}, label))
    numbers = [int(n) for _, n in updates]
    if numbers != sorted(numbers):
        problems.append('progress goes down: %r' % numbers)
    if numbers[-1] != 100 or 100 in numbers[:-1]:
        problems.append('100 %% must come last, once: %r' % numbers)
    if not any(0 < n < 100 for n in numbers):
        problems.append('no intermediate percentage: %r' % numbers)
    return problems


CASES = [
    # (name, command, label, stdout)
    ('blockcommit --wait --verbose', 'blockcommit bj vda --top vda[1] --wait --verbose '
     '--bandwidth 2', 'Block commit', '\nCommit complete\n'),
    ('blockcommit --pivot --verbose', 'blockcommit bj vda --pivot --verbose --bandwidth 4',
     'Block commit', '\nSuccessfully pivoted\n'),
    ('blockpull --wait --verbose', 'blockpull bj vda --wait --verbose --bandwidth 3',
     'Block Pull', '\nPull complete\n'),
    ('blockcopy --wait --verbose', 'blockcopy tj vda /tj/copy.qcow2 --wait --verbose '
     '--bandwidth 1', 'Block Copy', '\nNow in mirroring phase\n'),
]


def check_sigint(svsh):
    """SIGINT while blockcommit waits aborts the job."""
    proc = subprocess.Popen([svsh, '-c', URI, 'blockcommit bj vda --active --bandwidth 1 '
                             '--bytes --wait --verbose'], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    err = b''
    end = time.monotonic() + DEADLINE
    while b'%]' not in err and time.monotonic() < end:
        ready, _, _ = select.select([proc.stderr], [], [], 1)
        if ready:
            err += os.read(proc.stderr.fileno(), 4096)
    proc.send_signal(signal.SIGINT)
    out, rest = proc.communicate(timeout=DEADLINE)
    err += rest
    problems = []
    if proc.returncode != 1:
        problems.append('exit status %d, expected 1' % proc.returncode)
    if out.decode() != '\nCommit aborted\n':
        problems.append('stdout %r' % out.decode())
    if not re.fullmatch(r'(\rBlock commit: \[  0 %\])+', err.decode()):
        problems.append('stderr %r' % err.decode())
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--svsh', required=True)
    args = ap.parse_args()
    svsh = os.path.abspath(args.svsh)

    print('1..%d' % (len(CASES) + 1))
    failed = 0
    for i, (name, command, label, expected) in enumerate(CASES, 1):
        rc, out, err = run(svsh, command)
        problems = check_progress(err, label)
        if rc != 0:
            problems.append('exit status %d' % rc)
        if out != expected:
            problems.append('stdout %r, expected %r' % (out, expected))
        print('%s %d - %s' % ('not ok' if problems else 'ok', i, name))
        for p in problems:
            print('# ' + p)
        failed += bool(problems)
    problems = check_sigint(svsh)
    print('%s %d - SIGINT aborts a waiting blockcommit' %
          ('not ok' if problems else 'ok', len(CASES) + 1))
    for p in problems:
        print('# ' + p)
    failed += bool(problems)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
