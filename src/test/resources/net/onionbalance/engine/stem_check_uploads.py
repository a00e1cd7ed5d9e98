"""For SimulatedMonthSoakTest: every descriptor the engine uploaded in a simulated month, checked by code we
did not write: stem (python3-stem) and onionbalance 0.2.x's blinding (the Debian package onionbalance).

Usage: /usr/bin/python3 stem_check_uploads.py FOLDER MASTER_ONION
FOLDER/index.tsv: one upload a line, in upload order: file, upload time (unix), the time period the
test expects the descriptor's slot to use, the HSDirs it went to (comma-separated fingerprints).
For each: stem parses it with validation, checks its signature against its descriptor-signing-key
certificate, and decrypts both layers with the master's address; the certificate must be unexpired at
the upload; at most 20 intro points and 50,000 bytes; the certificate's blinded key must be the
master's blinded key for the expected period (onionbalance's blinding parameter, stem's blinding); the
revision counter must be above the last one each HSDir took for that blinded key.
Prints "checked N descriptors (M HSDir uploads)" and any failure; exit 0 when all pass, 1 when one
fails, 3 when stem or onionbalance cannot be imported.
"""
import datetime
import os
import sys

try:
    import stem.descriptor.hidden_service as hs
    from stem.descriptor.hidden_service import HiddenServiceDescriptorV3
    from onionbalance.hs_v3 import consensus as ob_consensus
    from onionbalance.hs_v3.onionbalance import my_onionbalance
except ImportError as e:
    print("stem or onionbalance is not installed for /usr/bin/python3 (apt-get install onionbalance): %s" % e)
    sys.exit(3)

import logging
logging.getLogger("onionbalance").setLevel(logging.CRITICAL + 1)


def main():
    folder, onion = sys.argv[1], sys.argv[2]
    my_onionbalance.is_testnet = False
    consensus = ob_consensus.Consensus(do_refresh_consensus=False)
    identity = HiddenServiceDescriptorV3.identity_key_from_address(onion)
    blinded_of = {}
    held = {}
    failures = []
    n = uploads = 0
    max_ips = max_bytes = 0
    least_margin = None
    with open(os.path.join(folder, "index.tsv")) as index:
        for line in index:
            name, at, tp, servers = line.rstrip("\n").split("\t")
            at, tp, servers = int(at), int(tp), [s for s in servers.split(",") if s]
            n += 1
            uploads += len(servers)
            raw = open(os.path.join(folder, name), "rb").read()
            try:
                if len(raw) > 50000:
                    raise ValueError("%d bytes, over 50,000" % len(raw))
                max_bytes = max(max_bytes, len(raw))
                desc = HiddenServiceDescriptorV3.from_str(raw.decode("ascii"), validate=True)
                desc.signing_cert.validate(desc)
                upload_time = datetime.datetime.utcfromtimestamp(at)
                if desc.signing_cert.expiration <= upload_time:
                    raise ValueError("certificate expired %s, upload at %s" % (desc.signing_cert.expiration, upload_time))
                margin = desc.signing_cert.expiration - upload_time
                least_margin = margin if least_margin is None else min(least_margin, margin)
                if tp not in blinded_of:
                    blinded_of[tp] = hs._blinded_pubkey(identity, consensus.get_blinding_param(identity, tp))
                blinded = desc.signing_cert.signing_key()
                if blinded != blinded_of[tp]:
                    raise ValueError("blinded key is not the master's for time period %d" % tp)
                inner = desc.decrypt(onion)
                ips = len(inner.introduction_points)
                if ips > 20:
                    raise ValueError("%d intro points, over 20" % ips)
                max_ips = max(max_ips, ips)
                for s in servers:
                    before = held.get((s, blinded))
                    if before is not None and desc.revision_counter <= before:
                        raise ValueError("revision counter %d not above the %d HSDir %s holds" % (desc.revision_counter, before, s))
                    held[(s, blinded)] = desc.revision_counter
            except Exception as e:  # every failure is reported with its file, none stops the check
                failures.append("%s: %s: %s" % (name, type(e).__name__, e))
    print("checked %d descriptors (%d HSDir uploads): stem validated, verified and decrypted them; "
          "%d time periods' blinded keys; at most %d intro points, %d bytes; least certificate lifetime left %s"
          % (n, uploads, len(blinded_of), max_ips, max_bytes, least_margin))
    for f in failures[:20]:
        print("FAILED " + f)
    if failures:
        print("%d of %d descriptors failed" % (len(failures), n))
        sys.exit(1)


if __name__ == "__main__":
    main()
