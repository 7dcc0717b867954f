#!/usr/bin/env python3
# Differential test of svsh against the real virsh (libvirt-clients 9.0):
# the same scenarios run through `virsh -c test:///default` and through
# `svsh -c test:///default`, and stdout, stderr and exit status must agree
# once timestamps are normalised (run-golden.py's NORMALISE) and virsh's
# own name is read as svsh's ("virsh # " prompts, "Virsh itself" ...).
#
#   run-diff.py --svsh PATH [--virsh PATH] [--verbose] [PART ...]
#
# One TAP result per part.  A scenario part runs as ONE process of each
# shell (its commands joined by newlines into one command string, or fed
# on standard input), so state (a snapshot tree) builds up as it goes; a
# "cases" part runs each of its command lines as a separate process (for
# global options, parse errors and exit codes).  Between the commands of a
# scenario, `echo '#### N'` and `echo --err '#### N'` markers keep the two
# transcripts aligned, and a failure names the command of each hunk.
#
# Every command of a scenario must be reached in virsh's transcript (a
# parse error anywhere in a command string makes virsh run nothing, which
# would compare two empty transcripts): parse errors live in the "cases".
# A command svsh does not have (`svsh help CMD` fails) fails its part.
# Without virsh nothing is compared and the whole test is a SKIP
# ("1..0 # SKIP"), never a pass.
#
# Help text ("help CMD", "CMD --help") is compared on stderr and exit
# status only: the descriptions in virsh's help are libvirt's
# documentation prose, which snapvirt may not copy, so svsh words its own;
# the layout of svsh's help is covered by the golden tests.
#
# What libvirt's test driver refuses but snapvirt's supports is not
# compared: the "refused-by-libvirt" part (REFUSED below) checks that
# virsh still refuses each case and that a golden script
# (tests/shell/*.in) covers svsh's own output for it:
#   - disk-only and external snapshots (snapshot-create-as --disk-only,
#     --diskspec snapshot=external, --memspec snapshot=external): libvirt's
#     test driver rejects VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY, and cannot
#     name external files for its non-file disks;
#   - snapshot-create-as --reuse-external and --no-metadata (flags 0x20,
#     0x4 rejected);
#   - snapshot-delete --metadata: VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY
#     rejected (so snapshot-edit --rename fails there too);
#   - start --paused: VIR_DOMAIN_START_PAUSED rejected.
# Not compared either, by design:
#   - snapshot names made from the clock (snapshot-create-as without a
#     name) differ by the second they are taken in;
#   - SNAPVIRT_DEFAULT_URI, which virsh ignores;
#   - -v/-V/--version, -h/--help and the global `help`: svsh has its own
#     version, its own URIs and a subset of virsh's commands.
# Where the library's XML differs from libvirt's (libvirt adds IDE
# controllers and drive addresses to IDE disks), the scenarios use virtio
# disks only.
import argparse
import difflib
import glob
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 60
VERBOSE = False


def load_golden():
    spec = importlib.util.spec_from_file_location('run_golden', os.path.join(HERE, 'run-golden.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


NORMALISE = load_golden().NORMALISE + [
    (re.compile(r'\(Time: \d+\.\d+ ms\)'), '(Time: N ms)'),
    # the "now" of the test driver's hypervisor
    (re.compile(r'<creationTime>\d+</creationTime>'), '<creationTime>T</creationTime>'),
]

# ---- data files, written into each shell's working directory ----

FILES = {
    'vm1.xml': '''<domain type='test'>
  <name>vm1</name>
  <uuid>11111111-2222-3333-4444-555555555555</uuid>
  <title>First VM</title>
  <memory unit='KiB'>1048576</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <source file='/var/lib/vm1.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='block' device='disk'>
      <source dev='/dev/sdb'/>
      <target dev='vdb' bus='virtio'/>
    </disk>
  </devices>
</domain>
''',
    'vm2.xml': '''<domain type='test'>
  <name>vm2</name>
  <uuid>22222222-2222-3333-4444-555555555555</uuid>
  <memory unit='KiB'>524288</memory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
</domain>
''',
    'not-xml.xml': 'this is not XML\n',
    'empty.xml': '',
    'snap-c.xml': '''<domainsnapshot>
  <name>c</name>
  <description>from an XML file</description>
</domainsnapshot>
''',
    'snap-noname.xml': '''<domainsnapshot>
  <description>no name</description>
  <name>f</name>
</domainsnapshot>
''',
    'snap-bad.xml': '<domainsnapshot><name>x</name>\n',
    'edit.sh': '#!/bin/sh\nsed -i "s/second/edited/" "$1"\n',
}

# ---- the parts ----

DOMAIN_QUERIES = [
    'list', 'list --all', 'list --name', 'list --uuid', 'list --id',
    'list --all --id --name --uuid', 'list --name --id', 'list --table',
    'list --inactive', 'list --transient', 'list --persistent', 'list --state-running',
    'list --state-paused', 'list --state-shutoff', 'list --state-other',
    'list --autostart', 'list --no-autostart', 'list --with-managed-save',
    'list --without-managed-save', 'list --managed-save', 'list --with-snapshot',
    'list --without-snapshot', 'list --with-checkpoint', 'list --without-checkpoint',
    'list --title', 'list --table --name', 'list --table --uuid', 'list --table --id',
    'uri', 'version', 'version --daemon',
    'dominfo test', 'dominfo 1', 'dominfo 6695eb01-f6a4-8304-79aa-97f2502e193f',
    'dominfo --domain test', 'dominfo --domain=test',
    'domstate test', 'domstate test --reason', 'domstate --reason 1',
    'domid test', 'domid 6695eb01-f6a4-8304-79aa-97f2502e193f', 'domid 1',
    'domname 1', 'domname 6695eb01-f6a4-8304-79aa-97f2502e193f', 'domname test',
    'domuuid test', 'domuuid 1',
    'dumpxml test', 'dumpxml test --inactive', 'dumpxml test --security-info',
    'dumpxml test --migratable', 'dumpxml test --update-cpu',
    'dumpxml test --xpath //disk', 'dumpxml test --xpath //disk --wrap',
    'dumpxml test --xpath //nosuch', 'dumpxml test --xpath //nosuch --wrap',
    "dumpxml test --xpath 'string(//name)'", 'dumpxml test --wrap',
    "dumpxml test --xpath ''",
    'domblklist test', 'domblklist test --details', 'domblklist test --inactive',
    'domblklist --details --domain test',
]

DOMAIN_LIFECYCLE = [
    'define vm1.xml', 'list --all', 'list --all --title', 'dominfo vm1',
    'domstate vm1 --reason', 'domblklist vm1 --details', 'dumpxml vm1',
    'start vm1', 'list', 'domid vm1', 'domstate vm1 --reason', 'start vm1',
    'suspend vm1', 'domstate vm1 --reason', 'list --state-paused', 'list --state-running',
    'suspend vm1', 'resume vm1', 'domstate vm1 --reason', 'resume vm1',
    'destroy vm1', 'domstate vm1 --reason', 'destroy vm1',
    'start vm1 --force-boot', 'destroy vm1 --graceful', 'start vm1 --autodestroy',
    'start vm1 --bypass-cache', 'start vm1 --reset-nvram', 'destroy vm1 --remove-logs',
    'start 11111111-2222-3333-4444-555555555555', 'suspend 11111111-2222-3333-4444-555555555555',
    'domid vm1', 'dominfo 4', 'resume 4', 'destroy 4', 'domstate 4',
    'undefine vm1 --nvram', 'undefine vm1 --keep-nvram', 'undefine vm1 --tpm',
    'undefine vm1 --keep-tpm', 'undefine vm1 --nvram --keep-nvram',
    'undefine vm1 --tpm --keep-tpm', 'undefine vm1', 'list --all',
    'define vm1.xml --validate', 'define --file vm2.xml', 'define vm1.xml',
    'list --all', 'list --inactive --name', 'start vm1', 'undefine vm1',
    'list --all --transient', 'list --persistent --all', 'dominfo vm1', 'destroy vm1',
    'list --all', 'undefine vm2 --managed-save --snapshots-metadata --checkpoints-metadata',
    'list --all',
]

DOMAIN_ERRORS = [
    'dominfo nosuch', 'domid nosuch', 'domname nosuch', 'domuuid nosuch',
    'dumpxml nosuch', 'domblklist nosuch', 'start nosuch', 'destroy nosuch',
    'suspend nosuch', 'resume nosuch', 'undefine nosuch', 'domstate nosuch',
    'dominfo ""', 'dominfo --domain=', 'define ""', 'define /nonexistent.xml',
    'define /', 'define not-xml.xml', 'define empty.xml', 'start test',
    'start 1', 'domid -1', 'domname 99', 'domname -1',
    'domuuid 00000000-0000-0000-0000-000000000000',
    'echo a b', 'echo --shell "a b" c "" "it\'s"', 'echo --xml "<a>&" "\'\\""',
    'echo --err to err', 'echo --split a,b,,c d', 'echo --split ",x,"', 'echo',
    'echo --shell --xml a', 'echo --shell --split a', 'echo --xml --split a',
    'echo -- --foo -x', "echo 'single \"quoted\"' \"double 'q' \\\" x\" back\\ slash",
    'echo a#b #comment', 'echo "a;b" c\\;d', "echo 'unterminated",
    'help nosuch', 'help ""',
    'connect', 'uri', 'connect test:///default', 'uri', 'connect ""', 'uri',
    'connect --name test:///default --readonly', 'define vm1.xml',
    'connect test:///default', 'define vm1.xml', 'list --all --name',
    'quit', 'uri',
]

READONLY = [
    'uri', 'list --all', 'dominfo test', 'domstate test --reason', 'dumpxml test --inactive',
    'define vm1.xml', 'start test', 'destroy test', 'suspend test', 'resume test',
    'undefine test', 'list',
    'snapshot-create-as test s1', 'snapshot-list test', 'snapshot-current test',
    'connect', 'define vm1.xml', 'connect test:///default', 'define vm1.xml',
]

# Each entry: [args...], optionally with env and stdin as a dict.
CASES = [
    ['dominfo'], ['dominfo', 'test', 'extra'], ['dominfo', '--domain'],
    ['list --all --all'], ['list --all=1'], ['nosuch'], ['list; nosuch'],
    ['list', ';', 'list'], ['list;;list --name'], [';'], [''], [' '],
    ['dominfo --domain test --domain test'], ['list --al'], ['list -all'],
    ['list -- --all'], ['list --xyz=3'], ['domstate test --reason=yes'],
    ['domid --domain=test=x'], ['dominfo --domain --'], ['dominfo -- --domain'],
    ['echo "unterminated'], ['echo trailing\\'], ['echo --err --shell a'],
    ['help --command'], ['dominfo --help=x'], ['dominfo --bogus --help'],
    ['nosuch --help'],
    ['#comment'], ['#', 'uri'], ['uri', '#x'], ['echo', 'a;b', '#c'],
    ['uri; exit; uri'], ['exit extra'], ['quit'],
    ['domid nosuch; uri'], ['uri; domid nosuch'],
    ['dominfo', '--domain=test'], ['domstate', '--reason', '--', '1'],
    ['-q', 'list; dominfo test; define vm2.xml; start vm2; echo hi'],
    ['--quiet', 'list --all'], ['-q', 'domid nosuch'],
    ['-r', 'uri'], ['--readonly', 'define vm2.xml'],
    ['-t', 'uri'], ['--timing', 'domid nosuch'],
    ['-k', '0', 'uri'], ['-k', '5', 'uri'], ['-k', '-1', 'uri'], ['-k', 'abc', 'uri'],
    ['--keepalive-interval=-2', 'uri'], ['--keepalive-interval=x', 'uri'],
    ['-k', '0x10', 'uri'], ['-K', '0', 'uri'], ['-K', '3', 'uri'], ['-K', 'z', 'uri'],
    ['-k', '0', '-K', '3', 'uri'], ['--keepalive-count=-1', 'uri'],
    ['-e', '^x', 'uri'], ['-e', 'x', 'uri'], ['-e', '^]', 'uri'], ['-e', '^^', 'uri'],
    ['-e', 'ab', 'uri'], ['-e', '', 'uri'], ['-e', '^', 'uri'], ['-e', '^1', 'uri'],
    ['-d', '0', 'uri; list --all; dominfo --domain=test; echo a b'],
    ['-d', '1', 'uri'], ['-d', '2', 'uri'], ['-d', '4', 'uri'], ['-d', '5', 'uri'],
    ['-d', 'abc', 'uri'], ['--debug=x', 'uri'], ['-d', '0', 'list', '--all'],
    ['-d', '0', ''], ['-d', '0', 'nosuch'],
    ['-c'], ['--connect'], ['-d'], ['-x'], ['--bogus'], ['-q', '-q', 'uri'],
    ['-c', 'test:///default', '-c', 'test:///default', 'uri'],
    ['--connect=test:///default', 'uri'],
    {'args': ['uri'], 'no_connect_option': True,
     'env': {'LIBVIRT_DEFAULT_URI': 'test:///default'}},
    {'args': ['connect; uri'], 'no_connect_option': True,
     'env': {'LIBVIRT_DEFAULT_URI': 'test:///default'}},
    {'args': ['-r', 'uri; define vm2.xml'], 'no_connect_option': True,
     'env': {'LIBVIRT_DEFAULT_URI': 'test:///default'}},
    {'args': ['-q'], 'stdin': 'uri\ndomid nosuch\necho hi\n'},
    {'args': [], 'stdin': 'echo hi\nnosuch\nuri\n\ndominfo test\n'},
    {'args': [], 'stdin': 'echo hi\nquit\necho after\n'},
    {'args': ['-q'], 'stdin': 'echo hi\nexit\n'},
    {'args': ['-r'], 'stdin': 'uri\n'},
    {'args': [], 'stdin': 'echo "unterminated\nuri\n'},
    {'args': [], 'stdin': 'cd /\npwd\ncd\npwd\ncd /nonexistent\n'},
    ['cd /'], ['pwd'],
    # parse errors of snapshot commands (a parse error stops a whole
    # command string before anything runs, so not inside a scenario)
    ['snapshot-list test --from'], ['snapshot-list test c'], ['snapshot-list'],
    ['snapshot-create-as'], ['snapshot-delete test a b'], ['snapshot-revert test --bogus'],
    ['snapshot-info test a --current'], ['snapshot-dumpxml test'],
]

# Help text: only stderr and the exit status are compared, never stdout.
# The NAME/SYNOPSIS/DESCRIPTION/OPTIONS prose of virsh's help is libvirt's
# documentation, which snapvirt's licence rule forbids copying, so svsh
# words its own descriptions and they differ by design.  The layout of
# svsh's help (sections, indentation, option columns) is checked by the
# golden test tests/shell/help.in instead.
HELP_CASES = [
    ['help uri'], ['help --command uri'], ['help uri extra'], ['uri --help'],
    ['dominfo --help'], ['help help'], ['help echo'], ['help connect'],
    ['help uri --command list'], ['help --foo uri'], ['uri --help; uri'],
    ['list --all --help'], ['snapshot-list --help'], ['help snapshot-create-as'],
    ['help snapshot'], ['help domain'], ['help --command snapshot-delete'],
]

SNAPSHOT_TREE = [
    # a -> b, a -> c -> d, a -> c -> e; then more from reverting
    "snapshot-create-as test a --description 'first snapshot'",
    'snapshot-create-as test b second',
    'snapshot-current test --name',
    'snapshot-revert test a',
    'snapshot-create test snap-c.xml',
    'snapshot-create-as --domain test --name d --description "child of c"',
    'snapshot-revert test c',
    'snapshot-create-as test e',
    'snapshot-create-as test f --print-xml',
    "snapshot-create-as test --print-xml --name g --description 'not <created>'",
    'snapshot-create test snap-bad.xml',
    'snapshot-create test /nonexistent.xml',
    'snapshot-create-as test a',
    'snapshot-list test',
    'snapshot-list test --tree',
    'snapshot-list test --roots',
    'snapshot-list test --leaves',
    'snapshot-list test --no-leaves',
    'snapshot-list test --parent',
    'snapshot-list test --from c',
    'snapshot-list test --from c --descendants',
    'snapshot-list test --from a --tree',
    'snapshot-list test --from c --name',
    'snapshot-list test --current',
    'snapshot-list test --current --name',
    'snapshot-list test --current --descendants --tree',
    'snapshot-list test --name',
    'snapshot-list test --topological',
    'snapshot-list test --topological --name',
    'snapshot-list test --metadata',
    'snapshot-list test --no-metadata',
    'snapshot-list test --internal',
    'snapshot-list test --external',
    'snapshot-list test --active',
    'snapshot-list test --inactive',
    'snapshot-list test --disk-only',
    'snapshot-list test --leaves --no-leaves',
    'snapshot-list test --roots --from a',
    'snapshot-list test --tree --name',
    'snapshot-list test --tree --parent',
    'snapshot-list test --parent --roots',
    'snapshot-list test --leaves --name',
    'snapshot-list test --no-leaves --tree',
    'snapshot-list test --from nosuch',
    'snapshot-list nosuch',
    # more combinations of the filters, --from and the output forms
    'snapshot-list test --from c --descendants --tree',
    'snapshot-list test --from c --tree',
    'snapshot-list test --from a --descendants --name',
    'snapshot-list test --from a --leaves',
    'snapshot-list test --from a --descendants --leaves --name',
    'snapshot-list test --from a --descendants --no-leaves',
    'snapshot-list test --from a --no-leaves',
    'snapshot-list test --from e',
    'snapshot-list test --from e --tree',
    'snapshot-list test --from d --descendants --tree',
    'snapshot-list test --from a --parent',
    'snapshot-list test --from a --topological --name',
    'snapshot-list test --from a --descendants --topological',
    'snapshot-list test --from c --current',
    'snapshot-list test --descendants',
    'snapshot-list test --current --tree',
    'snapshot-list test --current --parent',
    'snapshot-list test --current --leaves --name',
    'snapshot-list test --current --roots',
    'snapshot-list test --roots --tree',
    'snapshot-list test --roots --name',
    'snapshot-list test --roots --leaves',
    'snapshot-list test --roots --no-leaves --name',
    'snapshot-list test --leaves --tree',
    'snapshot-list test --leaves --parent',
    'snapshot-list test --topological --tree',
    'snapshot-list test --topological --parent',
    'snapshot-list test --topological --leaves --name',
    'snapshot-list test --parent --name',
    'snapshot-list test --internal --tree',
    'snapshot-list test --internal --parent',
    'snapshot-list test --external --tree',
    'snapshot-list test --disk-only --name',
    'snapshot-list test --active --tree',
    'snapshot-list test --inactive --name',
    'snapshot-list test --active --inactive --name',
    'snapshot-list test --internal --external --name',
    'snapshot-list test --metadata --tree',
    'snapshot-list test --no-metadata --name',
    'snapshot-list test --metadata --no-metadata --name',
    'snapshot-list test --from ""',
    'snapshot-list --domain test --from=c --name',
    'snapshot-info test a',
    'snapshot-info test --current',
    'snapshot-info test --snapshotname e',
    'snapshot-info test nosuch',
    'snapshot-parent test d',
    'snapshot-parent test --current',
    'snapshot-parent test a',
    'snapshot-dumpxml test b',
    'snapshot-dumpxml test c --security-info',
    'snapshot-dumpxml test nosuch',
    'snapshot-current test',
    'snapshot-current test --name',
    'snapshot-current test b',
    'snapshot-current test --name',
    'snapshot-current test --snapshotname d',
    'snapshot-info test d',
    'snapshot-current test nosuch',
]

SNAPSHOT_REVERT_DELETE = SNAPSHOT_TREE[:8] + [
    'domstate test --reason',
    'snapshot-revert test b',
    'domstate test --reason',
    'snapshot-current test --name',
    'snapshot-revert test a --paused',
    'domstate test --reason',
    'snapshot-revert test d --running',
    'domstate test --reason',
    'snapshot-revert test e --force',
    'snapshot-revert --domain test --snapshotname c',
    'snapshot-revert test --current',
    'snapshot-revert test nosuch',
    'destroy test',
    'snapshot-create-as test off --description "shut off"',
    'snapshot-list test --inactive',
    'snapshot-list test --active --name',
    'snapshot-info test off',
    'snapshot-revert test off',
    'domstate test --reason',
    'snapshot-revert test a',
    'domstate test --reason',
    'snapshot-list test --tree',
    # delete, each mode
    'snapshot-delete test e',
    'snapshot-list test --tree',
    'snapshot-delete test c --children-only',
    'snapshot-list test --tree',
    'snapshot-create-as test c2',
    'snapshot-create-as test c3',
    'snapshot-list test --tree',
    'snapshot-delete test c',
    'snapshot-list test --tree --name',
    'snapshot-current test --name',
    'snapshot-delete test --current --children',
    'snapshot-list test --tree',
    'snapshot-list test --name',
    'snapshot-delete test a --children',
    'snapshot-list test',
    'snapshot-current test',
    'snapshot-delete test nosuch',
    'snapshot-delete test',
    'list --with-snapshot --all',
    'list --without-snapshot --all',
]

SNAPSHOT_DOMAIN = [
    'define vm1.xml',
    'snapshot-create-as vm1 s1 "inactive domain"',
    'snapshot-create-as vm1 s2',
    'list --all --with-snapshot',
    'snapshot-list vm1 --tree',
    'snapshot-list vm1 --inactive',
    'undefine vm1',
    'undefine vm1 --snapshots-metadata',
    'list --all',
    'define vm1.xml',
    'start vm1',
    'snapshot-create-as vm1 r1',
    'undefine vm1',
    'list --all --transient',
    'snapshot-list vm1 --name',
    'destroy vm1',
    'list --all',
]

# Setup: make a tree, dump its XML to files; then redefine from the dumps.
SNAPSHOT_REDEFINE_SETUP = [
    'snapshot-create-as test r1 --description "to be redefined"',
    'snapshot-create-as test r2',
    'snapshot-dumpxml test r1',
    'snapshot-dumpxml test r2',
]

SNAPSHOT_REDEFINE = [
    'snapshot-create test r1.dump.xml --redefine',
    'snapshot-current test',
    'snapshot-create test r2.dump.xml --redefine --current',
    'snapshot-current test --name',
    'snapshot-list test --tree',
    'snapshot-info test r2',
    'snapshot-create-as test r3',
    'snapshot-list test --parent',
    'snapshot-delete test r2',
    'snapshot-list test --tree',
    'snapshot-create test r2.dump.xml --redefine',
    'snapshot-list test --tree',
    'snapshot-parent test r2',
    'snapshot-create test r2.dump.xml --redefine',
    'snapshot-dumpxml test r2',
    'snapshot-create test r1.dump.xml --current',
    'snapshot-create test r1.dump.xml --redefine --current',
    'snapshot-current test --name',
]

SNAPSHOT_EDIT = [
    'snapshot-create-as test a',
    'snapshot-create-as test b second',
    'snapshot-edit test b',
    'snapshot-dumpxml test b --xpath //description',
    'snapshot-edit test --current',
    'snapshot-edit test nosuch',
]

# Flags the test drivers of both accept, each in its own command string.
SNAPSHOT_FLAGS = [
    'snapshot-create-as test l --live --atomic --validate --quiesce',
    'snapshot-create-as test h --halt',
    'domstate test --reason',
    'snapshot-info test h',
    'snapshot-revert test l',
    'domstate test --reason',
    'snapshot-create test --halt',
    'snapshot-create test --current',
    'snapshot-list test --parent',
    'snapshot-list test --active --name',
    'snapshot-list test --inactive --name',
]

# What libvirt 9.0's test driver refuses and svsh (with snapvirt's test
# driver) does.  Each entry: a command string for virsh, the error virsh
# must still give (so this list stays true), and the golden script plus a
# pattern that must occur in it: that golden test checks svsh's own
# output for the case instead of this script.
REFUSED = [
    ('snapshot-create-as test s --disk-only', r'unsupported flags \(0x10\)',
     'snapshot-svsh-only.in', r'snapshot-create-as test d1 --disk-only'),
    ('snapshot-create-as test s --reuse-external', r'unsupported flags \(0x20\)',
     'snapshot-svsh-only.in', r'--reuse-external'),
    ('snapshot-create-as test s --no-metadata', r'unsupported flags \(0x4\)',
     'snapshot-svsh-only.in', r'snapshot-create-as test n1 --no-metadata'),
    ('snapshot-create-as test s; snapshot-delete test s --metadata', r'unsupported flags \(0x2\)',
     'snapshot-svsh-only.in', r'snapshot-delete test s1 --metadata'),
    ('snapshot-create-as test --memspec /m,snapshot=external',
     r'refusing to generate external snapshot name',
     'snapshot-svsh-only.in', r'--memspec file=/tmp/m1.mem,snapshot=external'),
    ('destroy test; start test --paused', r'unsupported flags \(0x1\)',
     'domain.in', r'start \S+ --paused'),
]

PARTS = [
    {'name': 'domain-queries', 'script': DOMAIN_QUERIES},
    {'name': 'domain-lifecycle', 'script': DOMAIN_LIFECYCLE},
    {'name': 'domain-errors', 'script': DOMAIN_ERRORS},
    {'name': 'domain-quiet', 'script': DOMAIN_LIFECYCLE[:20], 'options': ['-q']},
    {'name': 'readonly', 'script': READONLY, 'options': ['-r']},
    {'name': 'stdin', 'script': DOMAIN_LIFECYCLE[:24] + DOMAIN_ERRORS[:16], 'stdin': True},
    {'name': 'cases', 'cases': CASES},
    {'name': 'help', 'cases': HELP_CASES, 'compare_stdout': False},
    {'name': 'snapshot-tree', 'script': SNAPSHOT_TREE},
    {'name': 'snapshot-revert-delete', 'script': SNAPSHOT_REVERT_DELETE},
    {'name': 'snapshot-domain', 'script': SNAPSHOT_DOMAIN},
    {'name': 'snapshot-stdin', 'script': SNAPSHOT_TREE[:20], 'stdin': True},
    {'name': 'snapshot-redefine', 'script': SNAPSHOT_REDEFINE,
     'setup': SNAPSHOT_REDEFINE_SETUP, 'dumps': {'r1': 'r1.dump.xml', 'r2': 'r2.dump.xml'}},
    {'name': 'snapshot-edit', 'script': SNAPSHOT_EDIT, 'env': {'EDITOR': './edit.sh'}},
    {'name': 'snapshot-flags', 'script': SNAPSHOT_FLAGS},
    {'name': 'refused-by-libvirt', 'refused': REFUSED},
]


# ---- running ----

def command_names(lines):
    """The command words of @lines (for `svsh help CMD` checks): the first
    word of each command, ';' outside quotes separating commands."""
    names = set()
    for line in lines:
        quote = None
        escaped = False
        words = ['']
        for ch in line + ';':
            if escaped:
                escaped = False
            elif quote:
                quote = None if ch == quote else quote
            elif ch == '\\':
                escaped = True
            elif ch in '\'"':
                quote = ch
            elif ch == ';':
                if words[0] and not words[0].startswith('#'):
                    names.add(words[0])
                words = ['']
                continue
            elif ch in ' \t':
                words.append('')
                continue
            words[-1] += ch
            if words[0] == '':
                words = [w for w in words if w] or ['']
    return names


class Shell:
    def __init__(self, name, path, tmp):
        self.name = name
        self.path = path
        self.tmp = tmp
        self.cwd = os.path.join(tmp, name)
        os.makedirs(self.cwd)
        for fname, text in FILES.items():
            with open(os.path.join(self.cwd, fname), 'w', encoding='utf-8') as f:
                f.write(text)
        os.chmod(os.path.join(self.cwd, 'edit.sh'), 0o755)
        os.makedirs(os.path.join(self.cwd, 'home'))

    def env(self, extra):
        env = {k: v for k, v in os.environ.items()
               if k not in ('LIBVIRT_DEFAULT_URI', 'SNAPVIRT_DEFAULT_URI', 'VIRSH_DEFAULT_CONNECT_URI',
                            'VISUAL', 'EDITOR', 'VIRSH_DEBUG', 'SVSH_DEBUG',
                            'VIRSH_LOG_FILE', 'SVSH_LOG_FILE')}
        home = os.path.join(self.cwd, 'home')
        env.update({'HOME': home, 'XDG_DATA_HOME': os.path.join(home, 'share'),
                    'XDG_CACHE_HOME': os.path.join(home, 'cache'),
                    'XDG_CONFIG_HOME': os.path.join(home, 'config'),
                    'TZ': 'UTC', 'LC_ALL': 'C', 'TERM': 'dumb'})
        env.update(extra or {})
        return env

    def run(self, args, stdin=None, env=None, raw=False):
        try:
            proc = subprocess.run([self.path] + args, cwd=self.cwd, env=self.env(env),
                                  input=stdin.encode() if stdin is not None else None,
                                  stdin=None if stdin is not None else subprocess.DEVNULL,
                                  capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return '', '<timed out after %d s>\n' % TIMEOUT, -1
        out = proc.stdout.decode('utf-8', 'replace')
        err = proc.stderr.decode('utf-8', 'replace')
        if raw:
            return out, err, proc.returncode
        return self.normalise(out), self.normalise(err), proc.returncode

    def normalise(self, text):
        text = text.replace(self.cwd, '$CWD')
        for pattern, repl in NORMALISE:
            text = pattern.sub(repl, text)
        if self.name == 'virsh':
            # the prompt follows output without a newline ("hivirsh # ")
            text = re.sub(r'virsh( [#>] )', r'svsh\1', text)
            text = re.sub(r'\bvirsh\b', 'svsh', text)
            text = text.replace('Virsh', 'Svsh')
        return text


def with_markers(lines):
    """One command string: each command preceded by numbered markers."""
    out = []
    for i, line in enumerate(lines, 1):
        out.append("echo '#### %d'; echo --err '#### %d'" % (i, i))
        out.append(line)
    return '\n'.join(out)


def diff(kind, a, b):
    return ['# ' + line.rstrip('\n') for line in
            difflib.unified_diff(a.splitlines(True), b.splitlines(True),
                                 'virsh ' + kind, 'svsh ' + kind, n=2)]


def compare(label, ra, rb, stdout=True):
    problems = []
    if stdout and ra[0] != rb[0]:
        problems += diff(label + ' stdout', ra[0], rb[0])
    if ra[1] != rb[1]:
        problems += diff(label + ' stderr', ra[1], rb[1])
    if ra[2] != rb[2]:
        problems.append('# %s: exit status virsh %d, svsh %d' % (label, ra[2], rb[2]))
    return problems


def extract_dumps(stdout, names):
    """The <domainsnapshot> documents of snapshot-dumpxml output, by name."""
    docs = re.findall(r'<domainsnapshot>.*?</domainsnapshot>\n', stdout, re.S)
    found = {}
    for doc in docs:
        m = re.search(r'<name>([^<]*)</name>', doc)
        if m and m.group(1) in names:
            found[m.group(1)] = doc
    return found


def check_refused(cases, virsh, connect):
    """Each case is still refused by virsh, and a golden script covers it."""
    problems = []
    for command, error, golden, pattern in cases:
        out, err, status = virsh.run(connect + [command])
        if status == 0 or not re.search(error, err):
            problems.append('# virsh no longer refuses %r (exit %d): %s' % (
                command, status, err.strip()))
        # The golden scripts get reorganised: any of them may cover it.
        covered = False
        for path in glob.glob(os.path.join(HERE, '*.in')):
            with open(path, encoding='utf-8') as f:
                covered = covered or re.search(pattern, f.read()) is not None
        if not covered:
            problems.append('# no golden script (e.g. %s) covers %r (no /%s/)' % (
                golden, command, pattern))
    return problems


def run_part(part, shells, connect):
    problems = []
    if 'refused' in part:
        return check_refused(part['refused'], shells[0], connect)
    if 'cases' in part:
        for case in part['cases']:
            if isinstance(case, list):
                case = {'args': case}
            args = list(case['args'])
            if not case.get('no_connect_option'):
                args = connect + args
            label = ' '.join(repr(a) if (not a or ' ' in a) else a for a in args)
            if 'stdin' in case:
                label += ' <<< %r' % case['stdin']
            results = [sh.run(args, case.get('stdin'), case.get('env')) for sh in shells]
            problems += compare(label, *results, stdout=part.get('compare_stdout', True))
        return problems

    env = part.get('env')
    if 'setup' in part:
        for sh in shells:
            out, err, _ = sh.run(connect + ['\n'.join(part['setup'])], env=env, raw=True)
            docs = extract_dumps(out, part['dumps'])
            for name, fname in part['dumps'].items():
                if name not in docs:
                    return ['# %s: setup did not dump snapshot %s: %s' % (sh.name, name, err)]
                with open(os.path.join(sh.cwd, fname), 'w', encoding='utf-8') as f:
                    f.write(docs[name])
    options = connect + part.get('options', [])
    if part.get('stdin'):
        results = [sh.run(options, '\n'.join(part['script']) + '\n', env) for sh in shells]
    else:
        results = [sh.run(options + [with_markers(part['script'])], None, env) for sh in shells]
        # Agreement proves little if virsh stopped early (a parse error
        # anywhere in a command string runs nothing): every command must
        # have been reached.
        for i in range(1, len(part['script']) + 1):
            # (-q silences echo on stdout, not echo --err)
            if '#### %d\n' % i not in results[0][0] + results[0][1]:
                problems.append('# virsh never reached command %d (%s): %s' % (
                    i, part['script'][i - 1], results[0][1].strip()))
                break
    problems += compare(part['name'], *results)
    if VERBOSE:
        for sh, res in zip(shells, results):
            print('# ---- %s stdout ----\n%s# ---- %s stderr ----\n%s# ---- exit %d' % (
                sh.name, res[0], sh.name, res[1], res[2]))
    if problems and not part.get('stdin'):
        problems.append('# commands: ' + '; '.join(
            '%d: %s' % (i, c) for i, c in enumerate(part['script'], 1)))
    return problems


def svsh_has(svsh, name, cache={}):
    if name not in cache:
        proc = subprocess.run([svsh, 'help', name], stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=TIMEOUT)
        cache[name] = proc.returncode == 0
    return cache[name]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--svsh', required=True)
    ap.add_argument('--virsh', default=shutil.which('virsh'))
    ap.add_argument('--verbose', action='store_true')
    ap.add_argument('parts', nargs='*')
    args = ap.parse_args()
    global VERBOSE
    VERBOSE = args.verbose

    parts = [p for p in PARTS if not args.parts or p['name'] in args.parts]
    if not args.virsh or not os.access(args.virsh, os.X_OK):
        # Nothing was compared: a skip, never a pass.
        print('1..0 # SKIP virsh is not installed (Debian package libvirt-clients)')
        return 0
    print('1..%d' % len(parts))

    svsh = os.path.abspath(args.svsh)
    connect = ['-c', 'test:///default']
    failed = 0
    with tempfile.TemporaryDirectory(prefix='svsh-diff-') as tmp:
        for i, part in enumerate(parts, 1):
            lines = part.get('script', []) + part.get('setup', [])
            missing = sorted(n for n in command_names(lines) if not svsh_has(svsh, n))
            if missing:
                failed += 1
                print('not ok %d - %s # svsh lacks %s' % (i, part['name'], ', '.join(missing)))
                continue
            ptmp = os.path.join(tmp, part['name'])
            shells = [Shell('virsh', args.virsh, ptmp), Shell('svsh', svsh, ptmp)]
            problems = run_part(part, shells, connect)
            if problems:
                failed += 1
                print('not ok %d - %s' % (i, part['name']))
                print('\n'.join(problems))
            else:
                print('ok %d - %s' % (i, part['name']))
            sys.stdout.flush()
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
