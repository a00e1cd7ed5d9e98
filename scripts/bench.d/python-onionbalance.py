"""The rows of scripts/bench for the Python onionbalance 0.2.x (Debian package), run with /usr/bin/python3.

Drives onionbalance's and stem's own functions on the same documents and inputs as the JMH
benchmarks (src/jmh): nothing here reimplements their work, it only stands in for the tor
controller and the clock where onionbalance would ask them. Prints one line per row:
"<row> <milliseconds per operation> <operations timed>", or "not-installed".

usage: python-onionbalance.py VECTORS_DIR SECONDS_PER_ROW [ROW...]
"""
import base64
import datetime
import hashlib
import io
import sys
import time

try:
    import stem
    import stem.descriptor
    import stem.descriptor.hidden_service as hs
    from stem.descriptor.hidden_service import HiddenServiceDescriptorV3
    from stem.descriptor.networkstatus import NetworkStatusDocumentV3
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from onionbalance.hs_v3 import consensus as ob_consensus
    from onionbalance.hs_v3 import descriptor as ob_descriptor
    from onionbalance.hs_v3 import hashring as ob_hashring
    from onionbalance.hs_v3.onionbalance import my_onionbalance
except ImportError:
    print("not-installed")
    sys.exit(0)

import logging
logging.getLogger("onionbalance").setLevel(logging.CRITICAL + 1)  # its debug lines would dominate the ring row

VECTORS = sys.argv[1]
SECONDS = float(sys.argv[2])
ROWS = sys.argv[3:]

BACKEND_ADDRESS = "sltib6sxkuxh2scmtuvd5w2g7pahnzkovefxpo4e4ptnkzl5kkq5h2ad.onion"


def read(path):
    with open(VECTORS + "/" + path, "rb") as f:
        return f.read()


def timed(row, op):
    """Runs for SECONDS: mean milliseconds per operation. Python has no JIT to warm up, but a first
    run may import modules on the way: it is left out unless it alone took over a second."""
    start = time.perf_counter()
    op()
    first = time.perf_counter() - start
    n = 1 if first > 1.0 else 0
    start = start if n else time.perf_counter()
    while True:
        elapsed = time.perf_counter() - start
        if n >= 1 and elapsed >= SECONDS:
            break
        op()
        n += 1
    print("%s %.6f %d" % (row, elapsed * 1000.0 / n, n), flush=True)


class FakeController:
    """Stands in for stem's controller: hands over the microdescriptors onionbalance would GETINFO."""
    def __init__(self, microdescs):
        self.controller = self
        self._microdescs = microdescs

    def get_microdescriptors(self):
        return iter(list(stem.descriptor.parse_file(io.BytesIO(self._microdescs), "microdescriptor 1.0")))


def synthesize_2022(text):
    """As RingBenchmark.synthesize: a generated microdescriptor with an ed25519 id for every m line."""
    b64 = lambda b: base64.b64encode(b).decode().rstrip("=")
    sha = lambda b: hashlib.sha256(b).digest()
    cons, mds, n = [], [], 0
    for line in text.split("\n"):
        if line.startswith("m "):
            n += 1
            ed = sha(("ed %d" % n).encode())
            md = ("onion-key\n-----BEGIN RSA PUBLIC KEY-----\n" + b64(sha(ed)) * 4
                  + "\n-----END RSA PUBLIC KEY-----\nntor-onion-key " + b64(sha(ed))
                  + "\nfamily $" + "0" * 40 + "\np accept 80,443\nid ed25519 " + b64(ed) + "\n")
            mds.append("@last-listed 2022-11-19 10:00:00\n" + md)
            line = "m " + b64(sha(md.encode("latin-1")))
        cons.append(line)
    return "\n".join(cons).encode("latin-1"), "".join(mds).encode("latin-1")


def consensus_row(row, consensus_bytes, microdesc_bytes):
    """Parse both documents into onionbalance's node list, then the HSDirs of 100 services × 2 slots."""
    ob_consensus.Consensus.is_live = lambda self: True  # the documents are years old
    my_onionbalance.is_testnet = False
    my_onionbalance.controller = FakeController(microdesc_bytes)
    # Blinded keys as onionbalance passes them: 32 bytes (their value does not change the work).
    keys = [hashlib.sha256(b"blinded %d" % i).digest() for i in range(100)]

    def op():
        c = ob_consensus.Consensus(do_refresh_consensus=False)
        c.consensus = NetworkStatusDocumentV3(consensus_bytes)
        my_onionbalance.consensus = c
        c.nodes = c._initialize_nodes()
        for k in keys:
            for first in (True, False):
                try:
                    ob_hashring.get_responsible_hsdirs(k, first)
                except ob_hashring.EmptyHashRing:
                    pass  # 2017 had only 11 v3 HSDirs: it finds 6 of the 8, after doing all the work
    timed(row, op)


def master_key():
    seed = hashlib.sha256(b"onionbalance bench master").digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def identity_bytes(key):
    from cryptography.hazmat.primitives import serialization
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def time_period_at_noon():
    # 2017-08-13 12:00 UTC as in DescriptorBenchmark; the period number only feeds the hashes.
    return (int(datetime.datetime(2017, 8, 13, 12, tzinfo=datetime.timezone.utc).timestamp()) // 60 - 12 * 60) // 1440


def build_row(row, is_first):
    """OBDescriptor: revision counter, 20 recertified intro points, blinded signature, both layers."""
    text = read("hsdesc/stem_hidden_service_v3.txt").decode()
    backend = HiddenServiceDescriptorV3.from_str(text)
    # Without their legacy keys, which onionbalance refuses to recertify (Java drops them too).
    intros = [ip._replace(legacy_key_raw=None, legacy_key_cert=None)
              for ip in backend.decrypt(BACKEND_ADDRESS).introduction_points] * 5
    key = master_key()
    c = ob_consensus.Consensus(do_refresh_consensus=False)
    my_onionbalance.is_testnet = False
    my_onionbalance.consensus = c
    # The SRV runs started 36 h and 12 h before "now", as at 12:00 UTC (DescriptorBenchmark's NOW).
    c.get_start_time_of_previous_srv_run = lambda: time.time() - 36 * 3600
    c.get_start_time_of_current_srv_run = lambda: time.time() - 12 * 3600
    tp = time_period_at_noon() + (0 if is_first else 1)
    param = c.get_blinding_param(identity_bytes(key), tp)
    onion = HiddenServiceDescriptorV3.address_from_identity_key(key)

    def op():
        ob_descriptor.OBDescriptor(onion, key, param, intros, is_first)
    timed(row, op)


def verify_row(row):
    """ReceivedDescriptor: what onionbalance does with a fetched descriptor (parse, decrypt both layers;
    it checks no signature and no blinded key)."""
    text = read("hsdesc/stem_hidden_service_v3.txt").decode()

    def op():
        ob_descriptor.ReceivedDescriptor(text, BACKEND_ADDRESS)
    timed(row, op)


def blinded_signature_row(row):
    key = master_key()
    c = ob_consensus.Consensus(do_refresh_consensus=False)
    my_onionbalance.is_testnet = False
    param = c.get_blinding_param(identity_bytes(key), time_period_at_noon())
    blinded = hs._blinded_pubkey(identity_bytes(key), param)
    msg = bytes(76)

    def op():
        hs._blinded_sign(msg, key, blinded, param)
    timed(row, op)


def blinding_row(row):
    key = master_key()
    c = ob_consensus.Consensus(do_refresh_consensus=False)
    my_onionbalance.is_testnet = False
    ident = identity_bytes(key)
    tp = time_period_at_noon()

    def op():
        hs._blinded_pubkey(ident, c.get_blinding_param(ident, tp))
    timed(row, op)


for r in ROWS:
    if r == "consensus-2017":
        consensus_row(r, read("netdoc/real_2017-03-10_cached-microdesc-consensus.txt"),
                      read("netdoc/real_2017-03-10_microdescs.txt"))
    elif r == "consensus-2022":
        consensus_row(r, *synthesize_2022(read("netdoc/real_2022-11-19_cached-microdesc-consensus.txt").decode("latin-1")))
    elif r == "build-first":
        build_row(r, True)
    elif r == "build-second":
        build_row(r, False)
    elif r == "verify":
        verify_row(r)
    elif r == "blinded-signature":
        blinded_signature_row(r)
    elif r == "blinding":
        blinding_row(r)
    else:
        raise SystemExit("unknown row " + r)
