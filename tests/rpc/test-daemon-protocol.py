#!/usr/bin/env python3
# snapvirtd at the wire: what a client that breaks the protocol gets
# (libvirt's errors, a closed connection, never a dead daemon), keepalive,
# concurrent clients, read-only sockets and a clean stop on SIGTERM.
# The frames are built here byte by byte (facts: libvirt's RPC framing,
# ../shared/reference/wire-qmp-qemuimg-facts.md, A and B).
#
#   tests/rpc/test-daemon-protocol.py SNAPVIRTD

import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

REMOTE, KEEPALIVE, QEMU, SNAPVIRT = 0x20008086, 0x6B656570, 0x20008087, 0x736E6170
CALL, REPLY, MESSAGE = 0, 1, 2
OK, ERROR = 0, 1
AUTH_LIST, OPEN, GET_TYPE, LOOKUP_BY_NAME, LIST_ALL_DOMAINS = 66, 1, 3, 23, 273
SNAPSHOT_CREATE_XML = 185
VIR_ERR_RPC, VIR_FROM_RPC = 39, 7

results = []


def check(name, cond, detail=""):
    results.append((name, bool(cond), detail))


def xdr_string(s):
    b = s.encode()
    return struct.pack(">I", len(b)) + b + b"\0" * ((4 - len(b) % 4) % 4)


def frame(prog, proc, mtype=CALL, serial=0, status=OK, payload=b"", vers=1):
    body = struct.pack(">IIiiIi", prog, vers, proc, mtype, serial, status) + payload
    return struct.pack(">I", len(body) + 4) + body


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def u32(self):
        v = struct.unpack_from(">I", self.data, self.pos)[0]
        self.pos += 4
        return v

    def i32(self):
        v = struct.unpack_from(">i", self.data, self.pos)[0]
        self.pos += 4
        return v

    def string(self):
        n = self.u32()
        s = self.data[self.pos:self.pos + n].decode()
        self.pos += n + (4 - n % 4) % 4
        return s

    def opt_string(self):
        return self.string() if self.u32() else None


class Client:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        self.sock.connect(path)
        self.serial = 0

    def send(self, data):
        self.sock.sendall(data)

    def recv_frame(self):
        head = self._recv(4)
        if head is None:
            return None
        (length,) = struct.unpack(">I", head)
        body = self._recv(length - 4)
        prog, vers, proc, mtype, serial, status = struct.unpack_from(">IIiiIi", body)
        return dict(prog=prog, vers=vers, proc=proc, type=mtype, serial=serial,
                    status=status, payload=body[24:])

    def _recv(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                return None if not data else data
            data += chunk
        return data

    def call(self, proc, payload=b"", **kw):
        self.send(frame(REMOTE, proc, serial=self.serial, payload=payload, **kw))
        self.serial += 1
        return self.recv_frame()

    def open(self, uri="test:///default", flags=0):
        self.call(AUTH_LIST)
        return self.call(OPEN, struct.pack(">I", 1) + xdr_string(uri) + struct.pack(">I", flags))

    def close(self):
        self.sock.close()


def error_of(reply):
    r = Reader(reply["payload"])
    code, domain = r.i32(), r.i32()
    return code, domain, r.opt_string()


def start_daemon(snapvirtd, tmp, name="sock", extra=()):
    path = os.path.join(tmp, name)
    proc = subprocess.Popen([snapvirtd, "--socket", path] + list(extra), stderr=subprocess.PIPE)
    for _ in range(200):
        if os.path.exists(path):
            return proc, path
        time.sleep(0.02)
    raise RuntimeError("snapvirtd did not start")


def test_errors(path):
    c = Client(path)
    r = c.call(GET_TYPE)
    check("a call before CONNECT_OPEN is refused", r["status"] == ERROR and
          error_of(r)[2] == "internal error: connection not open", error_of(r))
    r = c.open()
    check("CONNECT_OPEN succeeds", r["status"] == OK and r["serial"] == 2, r)
    r = c.call(9999)
    # Exactly libvirtd's: its clients turn it into VIR_ERR_NO_SUPPORT.
    check("an unknown procedure gets libvirt's error",
          r["status"] == ERROR and
          error_of(r) == (VIR_ERR_RPC, VIR_FROM_RPC, "unknown procedure: 9999"), error_of(r))
    r = c.call(GET_TYPE, vers=2)
    check("an unknown program version is named", r["status"] == ERROR and
          "Cannot find program 536903814 version 2" in error_of(r)[2], error_of(r))
    c.send(frame(0x12345678, 1, serial=77))
    r = c.recv_frame()
    check("an unknown program is named, the reply echoes it", r["prog"] == 0x12345678 and
          r["serial"] == 77 and "Cannot find program 305419896" in error_of(r)[2])
    r = c.call(GET_TYPE, status=ERROR)
    check("a call with an error status is refused",
          "Unexpected message status 1" in error_of(r)[2], error_of(r))
    r = c.call(LOOKUP_BY_NAME, b"\x00\x00\x00\x09abc")
    check("a payload that does not decode is refused",
          "Unable to decode message payload" in error_of(r)[2], error_of(r))
    r = c.call(LOOKUP_BY_NAME, xdr_string("nosuch"))
    code, domain, msg = error_of(r)
    check("a driver's error travels with its code and domain", (code, domain) == (42, 12) and
          "nosuch" in msg, (code, domain, msg))
    r = c.call(GET_TYPE)
    check("the connection still works after errors",
          r["status"] == OK and Reader(r["payload"]).string() == "TEST", r)
    r = c.call(OPEN, struct.pack(">I", 0) + struct.pack(">I", 0))
    check("a second CONNECT_OPEN is refused", "connection already open" in error_of(r)[2])
    c.close()


def test_keepalive_and_broken_frames(path):
    c = Client(path)
    c.send(frame(KEEPALIVE, 1, mtype=MESSAGE))
    r = c.recv_frame()
    check("a PING gets a PONG", r["prog"] == KEEPALIVE and r["proc"] == 2 and
          r["type"] == MESSAGE and not r["payload"], r)
    c.send(struct.pack(">I", 0x7FFFFFFF) + b"\0" * 24)
    check("a frame claiming to be huge closes the connection", c.recv_frame() is None)
    c.close()
    c = Client(path)
    c.send(struct.pack(">I", 8) + b"\0\0\0\0")
    check("a frame shorter than a header closes the connection", c.recv_frame() is None)
    c.close()
    c = Client(path)
    c.send(frame(REMOTE, AUTH_LIST)[:20])
    c.sock.shutdown(socket.SHUT_WR)
    check("a client leaving mid-frame is dropped", c.recv_frame() is None)
    c.close()


def test_read_only_socket(path):
    c = Client(path + "-ro")
    c.open()
    xml = b"<domainsnapshot><name>ro</name></domainsnapshot>"
    dom = None
    r = c.call(LOOKUP_BY_NAME, xdr_string("test"))
    dom = r["payload"]
    r = c.call(SNAPSHOT_CREATE_XML, dom + xdr_string(xml.decode()) + struct.pack(">I", 0))
    code, _, msg = error_of(r)
    check("the read-only socket gives read-only connections", code == 29 and
          "read only access prevents virDomainSnapshotCreateXML" in msg, (code, msg))
    c.close()


def test_qemu_program(path, srcdir):
    c = Client(path)
    c.open("test://%s/shell/data/blockjobs.xml" % srcdir)
    dom = c.call(LOOKUP_BY_NAME, xdr_string("tj"))["payload"]
    cmd = '{"execute":"x-snapvirt-read","arguments":{"disk":"vda"}}'
    c.send(frame(QEMU, 1, serial=50, payload=dom + xdr_string(cmd) + struct.pack(">I", 0)))
    r = c.recv_frame()
    ok = r["status"] == OK and r["prog"] == QEMU
    check("the QEMU program runs a monitor command (a test hook)",
          ok and '"capacity"' in Reader(r["payload"]).string(), r)
    c.send(frame(QEMU, 9, serial=51))
    r = c.recv_frame()
    check("an unknown procedure of the QEMU program is refused",
          error_of(r) == (VIR_ERR_RPC, VIR_FROM_RPC, "unknown procedure: 9"), error_of(r))
    c.close()


def test_volume_snapshot_program(path):
    c = Client(path)
    c.open()

    def snapcall(proc, payload):
        c.send(frame(SNAPVIRT, proc, serial=c.serial, payload=payload))
        c.serial += 1
        return c.recv_frame()

    r = c.call(60, struct.pack(">i", 0x736E6170))
    check("the daemon announces the volume snapshot program",
          Reader(r["payload"]).i32() == 1, r)
    pool = c.call(84, xdr_string("default-pool"))["payload"]
    vol = c.call(93, pool + xdr_string("<volume><name>w.qcow2</name><capacity>1048576"
                                       "</capacity><target><format type='qcow2'/></target>"
                                       "</volume>") + struct.pack(">I", 0))["payload"]
    snapxml = "<volsnapshot><name>%s</name></volsnapshot>"
    r1 = snapcall(1, vol + xdr_string(snapxml % "v1") + struct.pack(">I", 0))
    r2 = snapcall(1, vol + xdr_string(snapxml % "v2") + struct.pack(">I", 0))
    check("volume snapshots are created (the reply names them)",
          r1["status"] == OK and r2["payload"].endswith(xdr_string("v2")), (r1, r2))
    r = snapcall(5, vol + struct.pack(">iI", 1, 0))
    rd = Reader(r["payload"])
    n = rd.u32()
    names = []
    for _ in range(n):
        rd.string(), rd.string(), rd.string()
        names.append(rd.string())
    check("they are listed", sorted(names) == ["v1", "v2"] and rd.i32() == 2, names)
    r = snapcall(10, r2["payload"] + struct.pack(">I", 0))
    check("a parent is found", r["status"] == OK and r["payload"].endswith(xdr_string("v1")))
    r = snapcall(11, r1["payload"] + struct.pack(">I", 0))
    check("a revert succeeds", r["status"] == OK, error_of(r) if r["status"] else r)
    r = snapcall(7, vol + xdr_string("nosuch") + struct.pack(">I", 0))
    code, _, msg = error_of(r)
    check("a missing snapshot is the storage code, named", code == 50 and "nosuch" in msg,
          (code, msg))
    r = snapcall(12, r1["payload"] + struct.pack(">I", 1))   # DELETE_CHILDREN
    r = snapcall(3, vol + struct.pack(">I", 0))
    check("a subtree is deleted", Reader(r["payload"]).i32() == 0, r)
    c.call(94, vol + struct.pack(">I", 0))
    c.close()


def test_event_registrations(path):
    c = Client(path)
    c.open()
    r = c.call(316, struct.pack(">iI", 1, 0))   # reboot, no domain filter
    check("a registration for an event the drivers never raise succeeds",
          r["status"] == OK and Reader(r["payload"]).i32() > 0, r)
    r = c.call(316, struct.pack(">iI", 99, 0))
    check("an event ID beyond libvirt's is refused",
          r["status"] == ERROR and "unsupported event ID 99" in error_of(r)[2], r)
    r = c.call(167, struct.pack(">i", 16))
    check("the legacy registration refuses BLOCK_JOB_2, as libvirtd",
          r["status"] == ERROR and "unsupported event ID 16" in error_of(r)[2], r)
    r = c.call(317, struct.pack(">i", 12345))
    check("an unknown callback ID cannot be deregistered", r["status"] == ERROR, r)
    c.close()


def test_concurrent_clients(path):
    failures = []

    def worker(n):
        try:
            c = Client(path)
            c.open()
            for _ in range(20):
                r = c.call(LIST_ALL_DOMAINS, struct.pack(">iI", 1, 0))
                rd = Reader(r["payload"])
                if r["status"] != OK or rd.u32() != 1 or rd.string() != "test":
                    failures.append((n, r))
            c.close()
        except Exception as e:  # noqa: BLE001 - reported as a failure
            failures.append((n, repr(e)))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check("eight clients at once each get their answers", not failures, failures[:2])


def test_max_clients(snapvirtd, tmp):
    proc, path = start_daemon(snapvirtd, tmp, "limited", ["--max-clients", "2"])
    try:
        a, b = Client(path), Client(path)
        a.open()
        b.open()
        c = Client(path)
        check("a client beyond --max-clients is disconnected", c.recv_frame() is None)
        c.close()
        a.close()
        # The server frees a's place once its thread has seen the end:
        # poll (bounded) instead of guessing how long that takes.
        r = None
        for _ in range(250):
            d = Client(path)
            try:
                r = d.open()
            except OSError:   # turned away: reset, or closed mid-call
                r = None
            d.close()
            if r is not None:
                break
            time.sleep(0.02)
        check("a place freed is taken by the next client", r and r["status"] == OK, r)
        b.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)


def main():
    snapvirtd = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        proc, path = start_daemon(snapvirtd, tmp)
        try:
            test_errors(path)
            test_keepalive_and_broken_frames(path)
            test_read_only_socket(path)
            test_qemu_program(path, os.environ.get("SNAPVIRT_TEST_SRCDIR", "tests"))
            test_volume_snapshot_program(path)
            test_event_registrations(path)
            test_concurrent_clients(path)
            check("the daemon survived all of it", proc.poll() is None)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                rc = proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                rc = None
            check("SIGTERM stops the daemon cleanly", rc == 0, rc)
            check("its sockets are removed", not os.path.exists(path) and
                  not os.path.exists(path + "-ro"))
        test_max_clients(snapvirtd, tmp)
    print("1..%d" % len(results))
    for i, (name, ok, detail) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok:
            print("# %r" % (detail,))
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
