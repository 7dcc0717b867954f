#!/usr/bin/env python3
"""Compare a compatibility program built against libvirt and snapvirt.

    run-compat.py NAME --snapvirt EXE [--libvirt EXE] --expected FILE [--update]

Both builds of tests/compat/NAME.c are run and their standard output is cut
into sections at lines starting with "## ".  After normalisation (times,
the host name, the function named in "unsupported flags" messages):

- a section whose header contains "[snapvirt-only: REASON]" or
  "[diverges: REASON]" is where libvirt's test driver behaves differently;
  libvirt's output is ignored there and snapvirt's must equal the section
  of the same header in FILE (which holds only such sections);
- every other section must be identical in both outputs.

Prints TAP: one result per section, plus one per program run.  Without
--libvirt (libvirt-dev not installed) the comparisons with libvirt are
reported as skipped and only the expectations in FILE are checked.
--update rewrites FILE from snapvirt's output instead of checking it.
"""

import argparse
import difflib
import os
import re
import socket
import subprocess
import sys

SECTION = "## "
DIVERGENT = re.compile(r"\[(snapvirt-only|diverges): [^\]]+\]")
PREAMBLE = "(before the first section)"
SKIP_REASON = "libvirt-dev not installed"


def hostnames():
    names = {socket.gethostname(), socket.getfqdn()}
    try:
        with open("/etc/hostname", encoding="utf-8") as f:
            names.add(f.read().strip())
    except OSError:
        pass
    # Longest first, so a FQDN is not half-replaced by its short name.
    return sorted((n for n in names if n), key=len, reverse=True)


def make_normaliser():
    rules = [
        (re.compile(r"<creationTime>\d+</creationTime>"),
         "<creationTime>TIMESTAMP</creationTime>"),
        (re.compile(r"\b(cpuTime|creationTime|time)=\d+"), r"\1=N"),
        # The same host through a daemon (tests/rpc/check-compat-daemon.sh).
        (re.compile(r"test\+unix://([^?\s]*)\?socket=\S+"), r"test://\1"),
        # libvirt names the driver function, snapvirt the public one.
        (re.compile(r"(unsupported flags \(0x[0-9a-f]+\) in function )\w+"),
         r"\1<name>"),
    ]
    rules += [(re.compile(r"(?<![\w.-])" + re.escape(h) + r"(?![\w.-])"),
               "<hostname>") for h in hostnames()]

    def normalise(line):
        for pattern, repl in rules:
            line = pattern.sub(repl, line)
        return line.rstrip()
    return normalise


def split_sections(text, normalise):
    """Ordered list of (header, [lines]); the header without '## '."""
    sections = [(PREAMBLE, [])]
    for line in text.splitlines():
        if line.startswith(SECTION):
            sections.append((line[len(SECTION):].rstrip(), []))
        else:
            sections[-1][1].append(normalise(line))
    if not sections[0][1]:
        sections.pop(0)
    return sections


def run(exe):
    env = dict(os.environ, LC_ALL="C", LANG="C", LANGUAGE="C")
    env.pop("LIBVIRT_DEFAULT_URI", None)
    try:
        proc = subprocess.run([exe], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env, timeout=300,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        return 127, "", str(e)
    return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"))


class Tap:
    def __init__(self):
        self.results = []

    def add(self, ok, name, diag=None, skip=None):
        # A '#' in a description would start a TAP directive.
        self.results.append((ok, name.replace("#", "\\#"), diag or [], skip))

    def emit(self):
        print("1..%d" % len(self.results))
        failed = 0
        for i, (ok, name, diag, skip) in enumerate(self.results, 1):
            line = "%s %d - %s" % ("ok" if ok else "not ok", i, name)
            if skip:
                line += " # SKIP " + skip
            print(line)
            for d in diag:
                print("# " + d)
            failed += not ok
        return 1 if failed else 0


def diff(expected, actual, exp_label, act_label):
    return list(difflib.unified_diff(expected, actual, exp_label, act_label,
                                     lineterm=""))


def index(sections, label, tap, name):
    table = {}
    for header, lines in sections:
        if header in table:
            tap.add(False, "%s: %s output repeats section '%s'"
                    % (name, label, header))
        table[header] = lines
    return table


def check_run(tap, name, label, rc, err):
    diag = ["exit status %d" % rc]
    diag += ["stderr: " + line for line in err.splitlines()[-40:]]
    tap.add(rc == 0, "%s: %s build exits with status 0" % (name, label),
            diag if rc != 0 else None)


def compare(args, tap, normalise):
    rc, out, err = run(args.snapvirt)
    check_run(tap, args.name, "snapvirt", rc, err)
    snapvirt = split_sections(out, normalise)
    libvirt = None
    if args.libvirt:
        lrc, lout, lerr = run(args.libvirt)
        check_run(tap, args.name, "libvirt", lrc, lerr)
        libvirt = index(split_sections(lout, normalise), "libvirt", tap,
                        args.name)
    try:
        with open(args.expected, encoding="utf-8") as f:
            expected = index(split_sections(f.read(), normalise),
                             "expected", tap, args.name)
    except FileNotFoundError:
        expected = {}

    seen = set()
    for header, lines in snapvirt:
        if header in seen:
            tap.add(False, "%s: snapvirt output repeats section '%s'"
                    % (args.name, header))
            continue
        seen.add(header)
        title = "%s: %s" % (args.name, header)
        if DIVERGENT.search(header):
            want = expected.get(header)
            if want is None:
                tap.add(False, title, ["no such section in " + args.expected])
            else:
                tap.add(want == lines, title,
                        diff(want, lines, "expected", "snapvirt"))
        elif libvirt is None:
            tap.add(True, title, skip=SKIP_REASON)
        elif header not in libvirt:
            tap.add(False, title, ["section missing from libvirt's output"])
        else:
            tap.add(libvirt[header] == lines, title,
                    diff(libvirt[header], lines, "libvirt", "snapvirt"))

    for header in expected:
        if header not in seen:
            tap.add(False, "%s: stale expectation '%s'" % (args.name, header),
                    ["snapvirt printed no such section; update "
                     + args.expected])
    for header in libvirt or {}:
        if header not in seen and not DIVERGENT.search(header):
            tap.add(False, "%s: %s" % (args.name, header),
                    ["section missing from snapvirt's output"])


def update(args, normalise):
    rc, out, err = run(args.snapvirt)
    if rc != 0:
        sys.stderr.write(err)
        sys.exit("snapvirt build of %s failed (%d)" % (args.name, rc))
    with open(args.expected, "w", encoding="utf-8") as f:
        for header, lines in split_sections(out, normalise):
            if DIVERGENT.search(header):
                f.write(SECTION + header + "\n")
                f.writelines(line + "\n" for line in lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("name")
    parser.add_argument("--snapvirt", required=True)
    parser.add_argument("--libvirt", default="")
    parser.add_argument("--expected", required=True)
    parser.add_argument("--update", action="store_true")
    args = parser.parse_args()

    normalise = make_normaliser()
    if args.update:
        update(args, normalise)
        return 0
    tap = Tap()
    compare(args, tap, normalise)
    return tap.emit()


if __name__ == "__main__":
    sys.exit(main())
