"""For scripts/soak: logs the master-descriptor uploads the balancer's tor reports, whoever the balancer
is, so that ours and the Python onionbalance are counted the same way (as bench.d/hs_desc_uploads.py
counts them, but row by row, and across restarts of that tor: the fault schedule restarts it).

Usage: /usr/bin/python3 hs_desc_log.py CONTROL_PORT BACKEND_ADDRESSES(comma-separated) OUT_CSV [NETWORK_DIR]
Listens to HS_DESC events (control-spec 4.1.25) until SIGTERM; reconnects every 2 s while the tor is
gone. Rows: epoch, action (UPLOADED: an HSDir answered 200; FAILED: an upload failed, i.e. a FAILED
event for an address that is no backend's), hsdir, reason; and "connected"/"disconnected" rows.
Uses stem (python3-stem, which the onionbalance package depends on).
"""
import signal
import sys
import threading
import time

from stem.control import Controller, EventType

done = threading.Event()


def main():
    port, backends, out_path = int(sys.argv[1]), set(sys.argv[2].split(",")), sys.argv[3]
    out = open(out_path, "a", buffering=1)
    lock = threading.Lock()
    if out.tell() == 0:
        out.write("epoch,action,hsdir,reason\n")

    def row(action, hsdir="", reason=""):
        with lock:
            out.write("%.3f,%s,%s,%s\n" % (time.time(), action, hsdir, str(reason).replace(",", " ")))

    def on_event(ev):
        if str(ev.action) == "UPLOADED":
            row("UPLOADED", ev.directory_fingerprint or ev.directory or "")
        elif str(ev.action) == "FAILED" and ev.address not in backends:
            row("FAILED", ev.directory_fingerprint or ev.directory or "", ev.reason)

    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    while not done.is_set():
        try:
            with Controller.from_port(address="127.0.0.1", port=port) as c:
                c.authenticate()
                c.add_event_listener(on_event, EventType.HS_DESC)
                row("connected")
                while c.is_alive() and not done.is_set():
                    done.wait(1)
                if not done.is_set():
                    row("disconnected")
        except Exception:  # tor restarting: connection refused, or closed during authentication
            pass
        done.wait(2)


if __name__ == "__main__":
    main()
