#!/usr/bin/env python3
# Counts test results from meson's logs: each TAP line of a test program
# is one result ("ok", "not ok", "ok ... # SKIP"); a test program that
# failed without any TAP result (a crash before printing, a timeout)
# counts as one failure, and a skipped program (exit 77) as one skip.
# Prints "PASSED FAILED SKIPPED" for each build directory given, summed.
import json
import re
import sys

TAP = re.compile(r'^(not ok|ok)\b(.*)$')


def count(logfile):
    passed = failed = skipped = 0
    with open(logfile, encoding='utf-8', errors='replace') as f:
        for line in f:
            entry = json.loads(line)
            p = fl = s = 0
            for out in (entry.get('stdout') or '').splitlines():
                m = TAP.match(out)
                if not m:
                    continue
                if m.group(1) == 'not ok':
                    if '# TODO' in m.group(2):
                        continue
                    fl += 1
                elif re.search(r'#\s*SKIP', m.group(2), re.I):
                    s += 1
                else:
                    p += 1
            result = entry.get('result', '')
            if result in ('FAIL', 'TIMEOUT', 'ERROR', 'UNEXPECTEDPASS') and fl == 0:
                fl = 1
            elif result == 'SKIP' and p + fl + s == 0:
                s = 1
            elif result in ('OK', 'EXPECTEDFAIL') and p + fl + s == 0:
                p = 1
            passed += p
            failed += fl
            skipped += s
    return passed, failed, skipped


def main():
    totals = [0, 0, 0]
    for builddir in sys.argv[1:]:
        try:
            res = count(builddir + '/meson-logs/testlog.json')
        except FileNotFoundError:
            res = (0, 1, 0)   # the suite never ran: that is a failure
        totals = [a + b for a, b in zip(totals, res)]
    print(*totals)


if __name__ == '__main__':
    main()
