"""For scripts/soak --public-timings: the Python onionbalance 0.2.x (Debian package) with its public-network
intervals on a private network.

onionbalance has no setting for its intervals: --is-testnet switches both the network's time maths
(20 s voting rounds, 8-minute time periods) and every interval (hs_v3/params.py's *_TESTNET values).
The nearest equivalent of our `timings:` overrides is to set those *_TESTNET module constants to the
public values before its main() runs: they are read at each use (params.X), so its scheduler, expiry
and staleness rules then run at public pace while the time maths stays the test network's.
Nothing of onionbalance is copied or changed besides these four numbers.

Usage: /usr/bin/python3 python_onionbalance_public_timings.py ARGS... (onionbalance's own arguments)
"""
import sys

from onionbalance.hs_v3 import params

params.FETCH_DESCRIPTOR_FREQUENCY_TESTNET = params.FETCH_DESCRIPTOR_FREQUENCY            # 600 s
params.PUBLISH_DESCRIPTOR_CHECK_FREQUENCY_TESTNET = params.PUBLISH_DESCRIPTOR_CHECK_FREQUENCY  # 300 s
params.FRONTEND_DESCRIPTOR_LIFETIME_TESTNET = params.FRONTEND_DESCRIPTOR_LIFETIME        # 3600 s
params.INSTANCE_DESCRIPTOR_TOO_OLD_TESTNET = params.INSTANCE_DESCRIPTOR_TOO_OLD          # 3600 s

from onionbalance.manager import main  # noqa: E402 (after the constants are set)

sys.argv[0] = "onionbalance"
sys.exit(main())
