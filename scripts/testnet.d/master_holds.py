"""For scripts/bench-failover: which backends the master descriptors on the HSDirs carry now.

Usage: /usr/bin/python3 master_holds.py ENV_FILE
Asks every HSDir of the test network's client tor for the master descriptor (HSFETCH with
SERVER=, so each HSDir answers for itself), decrypts each with stem, and maps intro points to
backends by the backends' own descriptors (GETINFO hs/service/desc/id on each backend's tor).
Prints one line: the names of the backends some HSDir's master descriptor still carries
(space-separated), or "-" when no HSDir answered with a descriptor.
Uses stem (Debian's python3-stem, which the onionbalance package depends on): a measuring tool,
not part of the balancer.
"""
import sys

from stem.control import Controller, EventType
from stem.descriptor.hidden_service import HiddenServiceDescriptorV3


def env(path):
    out = {}
    for line in open(path):
        line = line.strip()
        if "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            out[k] = v
    return out


def intro_keys(desc_text, address):
    desc = HiddenServiceDescriptorV3.from_str(desc_text)
    inner = desc.decrypt(address)
    return {bytes(ip.auth_key_cert.key) for ip in inner.introduction_points}


def main():
    e = env(sys.argv[1])
    owner = {}
    for i in range(1, int(e["BACKENDS"]) + 1):
        addr = e["BACKEND%d_ADDRESS" % i]
        try:
            with Controller.from_port(address="127.0.0.1", port=int(e["BACKEND%d_CONTROL_PORT" % i])) as c:
                c.authenticate()
                text = c.get_info("hs/service/desc/id/" + addr)
                for k in intro_keys(text, addr):
                    owner[k] = e["BACKEND%d_NAME" % i]
        except Exception:
            pass  # a stopped backend: its keys were recorded by the caller's earlier runs if needed
    carried = set()
    answered = 0
    with Controller.from_port(address="127.0.0.1", port=int(e["CLIENT_CONTROL_PORT"])) as c:
        c.authenticate()
        # The descriptor a client fetches may be the backend's other one (each time period has its
        # own intro points): map those too.
        for i in range(1, int(e["BACKENDS"]) + 1):
            addr = e["BACKEND%d_ADDRESS" % i]
            try:
                d = c.get_hidden_service_descriptor(addr, timeout=10)
                for k in intro_keys(str(d), addr):
                    owner[k] = e["BACKEND%d_NAME" % i]
            except Exception:
                pass
        relays = [r.fingerprint for r in c.get_network_statuses() if "HSDir" in r.flags]
        for fp in relays:
            try:
                d = c.get_hidden_service_descriptor(e["MASTER_ADDRESS"], servers=[fp], timeout=10)
            except Exception:
                continue
            answered += 1
            for k in intro_keys(str(d), e["MASTER_ADDRESS"]):
                carried.add(owner.get(k, "?"))
    print(" ".join(sorted(carried)) if answered else "-")


if __name__ == "__main__":
    main()
