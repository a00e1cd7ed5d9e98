"""For scripts/soak: one kind of visitor of the master onion service, as a person with Tor Browser sees it.

Usage: /usr/bin/python3 visitor.py new|returning SOCKS_PORT CONTROL_PORT COOKIE_FILE ONION INTERVAL_S TIMEOUT_S
                                   STOP_EPOCH OUT_CSV [NETWORK_DIR]
(NETWORK_DIR is unused: it puts the network's folder on the command line, as scripts/testnet's own
processes do.)

Every INTERVAL_S seconds (or at once when the previous request took longer) one request:
  new        first SIGNAL NEWNYM on this client tor (control-spec 3.7: it also forgets every onion
             service descriptor the client holds), so the master descriptor is fetched afresh;
  returning  no NEWNYM: the descriptor the client holds is used, on a fresh circuit (a SOCKS
             username of its own, with the client's IsolateSOCKSAuth).
A request is GET / through SOCKS5 (RFC 1928, hostname given to tor); the test backends answer their
name. One CSV row per request: start epoch, kind, ok (1/0), backend, latency in seconds, error
(tor's SOCKS reply code for onion failures, F0..F7 of proposal 304, or what failed). Stops at
STOP_EPOCH or SIGTERM. Standard library only.
"""
import binascii
import signal
import socket
import struct
import sys
import time

SOCKS_ERRORS = {
    1: "general-failure", 2: "not-allowed", 3: "network-unreachable", 4: "host-unreachable",
    5: "connection-refused", 6: "ttl-expired", 7: "command-not-supported", 8: "address-type",
    0xF0: "F0-descriptor-not-found", 0xF1: "F1-descriptor-invalid", 0xF2: "F2-intro-failed",
    0xF3: "F3-rendezvous-failed", 0xF4: "F4-missing-client-auth", 0xF5: "F5-wrong-client-auth",
    0xF6: "F6-bad-address", 0xF7: "F7-intro-timed-out",
}

stopping = False


def on_term(*_):
    global stopping
    stopping = True


def recv_exact(s, n):
    out = b""
    while len(out) < n:
        chunk = s.recv(n - len(out))
        if not chunk:
            raise OSError("connection closed by tor")
        out += chunk
    return out


def newnym(control_port, cookie_file):
    """SIGNAL NEWNYM with cookie authentication; returns '' or what went wrong."""
    try:
        cookie = binascii.hexlify(open(cookie_file, "rb").read()).decode()
        with socket.create_connection(("127.0.0.1", control_port), timeout=10) as c:
            c.sendall(("AUTHENTICATE %s\r\nSIGNAL NEWNYM\r\nQUIT\r\n" % cookie).encode())
            reply = b""
            while True:
                chunk = c.recv(4096)
                if not chunk:
                    break
                reply += chunk
        text = reply.decode("ascii", "replace")
        return "" if text.count("250 OK") >= 2 else "newnym: " + text.strip().replace("\r\n", " ")
    except OSError as e:
        return "newnym: %s" % e


def fetch(socks_port, onion, user, timeout):
    """GET http://ONION/ through tor; returns (ok, backend, error)."""
    deadline = time.monotonic() + timeout
    with socket.create_connection(("127.0.0.1", socks_port), timeout=timeout) as s:
        def left():
            return max(0.1, deadline - time.monotonic())
        s.settimeout(left())
        s.sendall(b"\x05\x01\x02")  # username/password only: IsolateSOCKSAuth then gives a fresh circuit
        if recv_exact(s, 2) != b"\x05\x02":
            return False, "", "socks-auth-refused"
        u = user.encode()
        s.sendall(b"\x01" + bytes([len(u)]) + u + b"\x01x")
        if recv_exact(s, 2)[1] != 0:
            return False, "", "socks-auth-failed"
        host = onion.encode()
        s.sendall(b"\x05\x01\x00\x03" + bytes([len(host)]) + host + struct.pack(">H", 80))
        s.settimeout(left())
        head = recv_exact(s, 4)
        if head[1] != 0:
            return False, "", SOCKS_ERRORS.get(head[1], "socks-%02X" % head[1])
        alen = {1: 4, 4: 16}.get(head[3])
        recv_exact(s, (alen if alen else recv_exact(s, 1)[0]) + 2)
        s.sendall(("GET / HTTP/1.0\r\nHost: %s\r\n\r\n" % onion).encode())
        body = b""
        while True:
            s.settimeout(left())
            chunk = s.recv(4096)
            if not chunk:
                break
            body += chunk
            if len(body) > 65536:
                break
        text = body.decode("latin-1")
        if not text.startswith("HTTP/1.") or " 200 " not in text.split("\r\n", 1)[0]:
            return False, "", "http: " + text.split("\r\n", 1)[0][:40]
        payload = text.split("\r\n\r\n", 1)[1] if "\r\n\r\n" in text else ""
        name = payload.strip().split("\n", 1)[0].strip()
        return (True, name, "") if name else (False, "", "empty-body")


def main():
    kind, socks_port, control_port, cookie, onion = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    interval, timeout, stop_at, out_path = float(sys.argv[6]), float(sys.argv[7]), float(sys.argv[8]), sys.argv[9]
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    out = open(out_path, "a", buffering=1)
    if out.tell() == 0:
        out.write("epoch,kind,ok,backend,latency_s,error\n")
    n = 0
    next_at = time.time()
    while not stopping and time.time() < stop_at:
        now = time.time()
        if now < next_at:
            time.sleep(min(1.0, next_at - now))
            continue
        next_at = now + interval
        error = ""
        if kind == "new":
            error = newnym(control_port, cookie)
        n += 1
        start = time.time()
        t0 = time.monotonic()
        try:
            ok, backend, err = fetch(socks_port, onion, "%s-%d-%d" % (kind, int(start), n), timeout)
        except (OSError, ValueError) as e:
            ok, backend, err = False, "", type(e).__name__ if not str(e) else str(e)[:60]
        latency = time.monotonic() - t0
        error = ";".join(x for x in (error, err) if x).replace(",", " ")
        out.write("%.3f,%s,%d,%s,%.3f,%s\n" % (start, kind, 1 if ok else 0, backend, latency, error))


if __name__ == "__main__":
    main()
