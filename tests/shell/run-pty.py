#!/usr/bin/env python3
# svsh's interactive mode under a pseudo-terminal: the prompt, running a
# command, history (up-arrow, and the file $XDG_DATA_HOME/svsh/history,
# or ~/.local/share/svsh/history without $XDG_DATA_HOME, written on exit
# and read by the next session), and tab completion of a
# command name, an option name, a domain name and a snapshot name.  Where
# virsh is installed, the same keystrokes go to virsh too and the screens
# must agree (virsh's name read as svsh's).
#
#   run-pty.py --svsh PATH [--virsh PATH] [--verbose]
#
# One TAP result per check.  Nothing sleeps to synchronise: each step waits
# (at most DEADLINE seconds) for the text it expects on the terminal, so a
# missing prompt fails its check in seconds.  virsh keeps its history in
# ~/.cache/libvirt/virsh/history, so only the screens are compared.
import argparse
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# Seconds to wait for each expected piece of output: short, so that a
# missing prompt fails the check quickly instead of stalling the suite.
DEADLINE = 5
UP = '\x1b[A'
TAB = '\t'
ENTER = '\r'

# Terminal control sequences readline may emit (bracketed paste, cursor
# movement), removed before matching.
ANSI = re.compile(r'\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r')


class Timeout(Exception):
    pass


class Session:
    """One shell under a pseudo-terminal."""

    def __init__(self, path, args, env, cwd):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen([path] + args, stdin=slave, stdout=slave, stderr=slave,
                                     env=env, cwd=cwd, start_new_session=True)
        os.close(slave)
        self.raw = ''
        self.seen = 0      # how much of the screen text expect() consumed

    def send(self, keys):
        os.write(self.master, keys.encode())

    def screen(self):
        return ANSI.sub('', self.raw)

    def _read(self, timeout):
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 4096)
        except OSError:      # the shell exited and closed the terminal
            data = b''
        if not data:
            raise EOFError
        self.raw += data.decode('utf-8', 'replace')
        return True

    def expect(self, pattern):
        """Waits until @pattern (a regex) appears after what was matched
        before; returns the match."""
        end = time.monotonic() + DEADLINE
        regex = re.compile(pattern)
        while True:
            m = regex.search(self.screen(), self.seen)
            if m:
                self.seen = m.end()
                return m
            left = end - time.monotonic()
            if left <= 0:
                raise Timeout('no %r in %r' % (pattern, self.screen()[self.seen:]))
            try:
                self._read(left)
            except EOFError:
                raise Timeout('shell exited before %r; screen %r' % (
                    pattern, self.screen()[self.seen:]))

    def wait(self):
        """Waits for the shell to exit (draining the terminal)."""
        end = time.monotonic() + DEADLINE
        while self.proc.poll() is None and time.monotonic() < end:
            try:
                self._read(0.1)
            except EOFError:
                break
        try:
            rc = self.proc.wait(max(0.1, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            raise Timeout('shell did not exit; screen %r' % self.screen()[self.seen:])
        # What the shell wrote just before exiting may still be in the
        # terminal: read until end of file (EIO once it is drained).
        try:
            while self._read(1):
                pass
        except EOFError:
            pass
        return rc

    def close(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        os.close(self.master)


class Shell:
    def __init__(self, name, path, tmp):
        self.name = name
        self.path = path
        self.home = os.path.join(tmp, name)
        os.makedirs(self.home)
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ('LIBVIRT_DEFAULT_URI', 'SNAPVIRT_DEFAULT_URI', 'INPUTRC',
                                 'SVSH_HISTSIZE', 'VIRSH_HISTSIZE')}
        self.env.update({'HOME': self.home, 'XDG_DATA_HOME': os.path.join(self.home, 'share'),
                         'XDG_CACHE_HOME': os.path.join(self.home, 'cache'),
                         'XDG_CONFIG_HOME': os.path.join(self.home, 'config'),
                         'TERM': 'xterm', 'LC_ALL': 'C', 'TZ': 'UTC',
                         'INPUTRC': os.path.join(self.home, 'inputrc')})
        # A known readline setup: no bell, list ambiguous completions at once.
        with open(self.env['INPUTRC'], 'w') as f:
            f.write('set bell-style none\nset show-all-if-ambiguous on\n'
                    'set enable-bracketed-paste off\n')
        # The prompt the shell should show, and where its history goes.
        self.prompt = name + ' # '
        if name == 'virsh':
            self.history = os.path.join(self.home, 'cache', 'libvirt', 'virsh', 'history')
        else:
            self.history = os.path.join(self.home, 'share', 'svsh', 'history')

    def start(self, args=()):
        return Session(self.path, ['-c', 'test:///default'] + list(args), self.env, self.home)


def prompt(shell, suffix='# '):
    return re.escape(shell.name + ' ' + suffix)


# ---- the checks: each returns the transcript to compare across shells ----

def check_prompt(shell):
    s = shell.start()
    try:
        s.expect(r'Welcome to %s, the virtualization interactive terminal\.' % shell.name)
        s.expect(prompt(shell))
        s.send('quit' + ENTER)
        rc = s.wait()
        return s.screen(), rc == 0
    finally:
        s.close()


def check_readonly_prompt(shell):
    s = shell.start(['-r'])
    try:
        s.expect(prompt(shell, '> '))
        s.send('uri' + ENTER)
        s.expect('test:///default')
        s.expect(prompt(shell, '> '))
        s.send('quit' + ENTER)
        return s.screen(), s.wait() == 0
    finally:
        s.close()


def check_command(shell):
    s = shell.start(['-q'])
    try:
        s.expect(prompt(shell))
        s.send('dominfo test' + ENTER)
        s.expect(r'Name: +test')
        s.expect(prompt(shell))
        s.send('domid nosuch' + ENTER)
        s.expect(r"error: failed to get domain 'nosuch'")
        s.expect(prompt(shell))
        s.send('exit' + ENTER)
        return re.sub(r'CPU time: +\S+', 'CPU time: N', s.screen()), s.wait() == 0
    finally:
        s.close()


def check_history(shell):
    """Up-arrow recalls the last command; the history file is written on
    exit and read by the next session."""
    s = shell.start(['-q'])
    try:
        s.expect(prompt(shell))
        s.send('echo first' + ENTER)
        s.expect(r'first')
        s.expect(prompt(shell))
        s.send('echo second' + ENTER)
        s.expect(r'second')
        s.expect(prompt(shell))
        # "echo first" again.  Readline redraws the recalled line in place
        # (backspaces over "second"), so the screen never holds the text
        # "echo first": look for the command's output line, and for the
        # recalled line in the history file below.
        s.send(UP + UP + ENTER)
        s.expect(r'\nfirst')
        s.expect(prompt(shell))
        s.send('quit' + ENTER)
        ok = s.wait() == 0
        screen = s.screen()
    finally:
        s.close()
    try:
        with open(shell.history) as f:
            saved = f.read().split('\n')
    except OSError as e:
        return screen + '\n<no history file: %s>' % e, False
    ok = ok and saved[:4] == ['echo first', 'echo second', 'echo first', 'quit']
    screen += '\n<history file: %r>\n' % saved

    s = shell.start(['-q'])
    try:
        s.expect(prompt(shell))
        s.send(UP + UP + ENTER)        # "echo first" from the file
        s.expect(r'\nfirst')
        s.expect(prompt(shell))
        s.send('quit' + ENTER)
        ok = s.wait() == 0 and ok
        return screen + s.screen(), ok
    finally:
        s.close()


def check_history_home(shell):
    """Without $XDG_DATA_HOME the history goes under $HOME (svsh:
    ~/.local/share/svsh/history; virsh: ~/.cache/libvirt/virsh/history)."""
    env = dict(shell.env)
    del env['XDG_DATA_HOME']
    del env['XDG_CACHE_HOME']
    s = Session(shell.path, ['-c', 'test:///default', '-q'], env, shell.home)
    try:
        s.expect(prompt(shell))
        s.send('echo via-home' + ENTER)
        s.expect(r'via-home')
        s.expect(prompt(shell))
        s.send('quit' + ENTER)
        ok = s.wait() == 0
        screen = s.screen()
    finally:
        s.close()
    if shell.name == 'virsh':
        path = os.path.join(shell.home, '.cache', 'libvirt', 'virsh', 'history')
    else:
        path = os.path.join(shell.home, '.local', 'share', 'svsh', 'history')
    try:
        with open(path) as f:
            saved = f.read().split('\n')
    except OSError as e:
        return screen + '\n<no history file: %s>' % e, False
    return screen, ok and saved[:2] == ['echo via-home', 'quit']


def check_complete_command(shell):
    s = shell.start(['-q'])
    try:
        s.expect(prompt(shell))
        # unique in both shells (virsh also has domstats, so not "domsta")
        s.send('domsta' + 'te' + TAB)
        s.expect(r'domstate ')
        s.send('test' + ENTER)
        s.expect(r'\nrunning')
        s.expect(prompt(shell))
        s.send('snapshot-cur' + TAB)   # unique: snapshot-current
        s.expect(r'snapshot-current ')
        s.send('test --name' + ENTER)
        s.expect(r"error: domain 'test' has no current snapshot")
        s.expect(prompt(shell))
        s.send('hostn' + TAB + ENTER)  # unique: hostname
        s.expect(r'hostname')
        s.expect(prompt(shell))
        s.send('quit' + ENTER)
        return s.screen(), s.wait() == 0
    finally:
        s.close()


def check_complete_option(shell):
    s = shell.start(['-q'])
    try:
        s.expect(prompt(shell))
        s.send('domstate test --rea' + TAB)     # the only option: --reason
        s.expect(r'--reason')
        s.send(ENTER)
        s.expect(r'running \(')
        s.expect(prompt(shell))
        s.send('list --all --with-s' + TAB)     # --with-snapshot
        s.expect(r'--with-snapshot')
        s.send(ENTER)
        s.expect(prompt(shell))
        s.send('quit' + ENTER)
        return s.screen(), s.wait() == 0
    finally:
        s.close()


def check_complete_domain(shell):
    s = shell.start(['-q'])
    try:
        s.expect(prompt(shell))
        s.send('dominfo te' + TAB)              # the only domain: test
        s.expect(r'dominfo test')
        s.send(ENTER)
        s.expect(r'Name: +test')
        s.expect(prompt(shell))
        s.send('domstate --domain t' + TAB)
        s.expect(r'--domain test')
        s.send(ENTER)
        s.expect(r'\nrunning')
        s.expect(prompt(shell))
        s.send('quit' + ENTER)
        return re.sub(r'CPU time: +\S+', 'CPU time: N', s.screen()), s.wait() == 0
    finally:
        s.close()


def check_complete_snapshot(shell):
    s = shell.start(['-q'])
    try:
        s.expect(prompt(shell))
        s.send('snapshot-create-as test alpha-snapshot' + ENTER)
        s.expect(prompt(shell))
        s.send('snapshot-info test alp' + TAB)  # alpha-snapshot
        s.expect(r'alpha-snapshot')
        s.send(ENTER)
        s.expect(r'Name: +alpha-snapshot')
        s.expect(prompt(shell))
        s.send('snapshot-dumpxml test --snapshotname al' + TAB)
        s.expect(r'--snapshotname alpha-snapshot')
        s.send(ENTER)
        s.expect(r'<name>alpha-snapshot</name>')
        s.expect(prompt(shell))
        s.send('quit' + ENTER)
        screen = re.sub(r'<creationTime>\d+</creationTime>', '<creationTime>T</creationTime>',
                        s.screen())
        return screen, s.wait() == 0
    finally:
        s.close()


CHECKS = [
    ('prompt', check_prompt),
    ('read-only prompt', check_readonly_prompt),
    ('a command runs', check_command),
    ('history', check_history),
    ('history under $HOME without $XDG_DATA_HOME', check_history_home),
    ('complete a command name', check_complete_command),
    ('complete an option name', check_complete_option),
    ('complete a domain name', check_complete_domain),
    ('complete a snapshot name', check_complete_snapshot),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--svsh', required=True)
    ap.add_argument('--virsh', default=shutil.which('virsh'))
    ap.add_argument('--verbose', action='store_true')
    args = ap.parse_args()

    svsh = os.path.abspath(args.svsh)
    print('1..%d' % len(CHECKS))
    failed = 0
    with tempfile.TemporaryDirectory(prefix='svsh-pty-') as tmp:
        for i, (title, check) in enumerate(CHECKS, 1):
            ctmp = os.path.join(tmp, str(i))
            problems = []
            screens = {}
            shells = [Shell('svsh', svsh, ctmp)]
            if args.virsh and os.access(args.virsh, os.X_OK):
                shells.append(Shell('virsh', args.virsh, ctmp))
            for shell in shells:
                try:
                    screen, ok = check(shell)
                    if not ok:
                        problems.append('%s: wrong exit status or history' % shell.name)
                except Timeout as e:
                    screen = None
                    problems.append('%s: %s' % (shell.name, e))
                if screen is not None:
                    # (a prompt may follow output with no newline: "hivirsh # ")
                    screen = re.sub(r'virsh( [#>] )', r'svsh\1', screen)
                    screens[shell.name] = re.sub(r'\bvirsh\b', 'svsh', screen)
                if args.verbose and screen is not None:
                    print('# %s screen:\n# ' % shell.name + screen.replace('\n', '\n# '))
            if len(screens) == 2 and screens['svsh'] != screens['virsh']:
                problems.append('the screens of svsh and virsh differ:\n  svsh:  %r\n  virsh: %r'
                                % (screens['svsh'], screens['virsh']))
            if problems:
                failed += 1
                print('not ok %d - %s' % (i, title))
                for p in problems:
                    print('# ' + p.replace('\n', '\n# '))
            else:
                print('ok %d - %s' % (i, title))
            sys.stdout.flush()
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
