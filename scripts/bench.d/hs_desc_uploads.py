"""For scripts/bench-scale: counts the master-descriptor uploads the balancer's tor reports, whoever
the balancer is, so that ours and the Python onionbalance are counted the same way.

Usage: /usr/bin/python3 hs_desc_uploads.py ENV_FILE OUT_FILE
Listens to HS_DESC events on the network's balancer tor (control-spec 4.1.25) until SIGTERM, then
writes one line to OUT_FILE: "<accepted> <failed> <failure reasons>". An upload is accepted when tor
reports UPLOADED (the HSDir answered 200); it failed when tor reports FAILED for an address that is no
backend's (a failed fetch of a backend descriptor names the backend; a failed upload names the master
or UNKNOWN, as HSPOST uploads do). Tor sends no UPLOAD event for an HSPOST, so uploads started are not
counted, and an upload that never ends is in neither figure. Uses stem (Debian's python3-stem, which
the onionbalance package depends on): a measuring tool, not part of the balancer.
"""
import collections
import signal
import sys
import threading

from stem.control import Controller, EventType


def env(path):
    out = {}
    for line in open(path):
        line = line.strip()
        if "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            out[k] = v
    return out


def main():
    e = env(sys.argv[1])
    backends = {e["BACKEND%d_ADDRESS" % i] for i in range(1, int(e["BACKENDS"]) + 1)}
    counts = collections.Counter()
    reasons = collections.Counter()
    lock = threading.Lock()

    def on_event(ev):
        with lock:
            if ev.action == "UPLOADED":
                counts["accepted"] += 1
            elif ev.action == "FAILED" and ev.address not in backends:
                counts["failed"] += 1
                reasons[str(ev.reason)] += 1

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    with Controller.from_port(address="127.0.0.1", port=int(e["TOR_CONTROL_PORT"])) as c:
        c.authenticate()
        c.add_event_listener(on_event, EventType.HS_DESC)
        open(sys.argv[2] + ".ready", "w").close()
        done.wait()
    with lock:
        why = ",".join("%s:%d" % kv for kv in sorted(reasons.items())) or "-"
        with open(sys.argv[2], "w") as out:
            out.write("%d %d %s\n" % (counts["accepted"], counts["failed"], why))


if __name__ == "__main__":
    main()
