"""For scripts/soak: the fault schedule, drawn from a seed, the same for every implementation in a run.

Usage: /usr/bin/python3 schedule.py SEED MINUTES WARMUP_S GAP_S KINDS(comma-separated) BACKENDS RELAYS
Prints one fault a line: "<offset s from the balancer's start> <kind> <target> <duration s> <parameter>".
Faults come one at a time, GAP_S apart (the runner waits longer when one takes longer to end), the
first one a minute after the warm-up, none starting in the last 4 minutes, so the last one is seen to
recover. Kinds are taken in shuffled rounds, so every kind comes up once before any repeats.
Standard library only.
"""
import random
import sys

# Longest time a fault keeps something down, so that its end falls before the next fault.
DURATIONS = {
    "backend-restart": (0, 0),        # a backend's tor killed and started again (new intro points)
    "backend-down": (120, 240),       # a backend's tor down for minutes
    "http-down": (90, 180),           # a backend's web server down while its tor runs
    "balancer-tor-restart": (0, 0),   # the balancer's own tor killed and restarted
    "hsdir-down": (120, 240),         # an HSDir relay gone for minutes
    "balancer-offline": (60, 60),     # DisableNetwork 1 on the balancer's tor
    "sighup": (0, 0),                 # SIGHUP to the balancer
    "clock-step": (120, 120),         # the balancer's wall clock stepped, then stepped back
    "auths-down": (150, 150),         # every directory authority stopped: the consensus goes stale
}


def main():
    seed, minutes, warmup, gap = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    kinds = [k for k in sys.argv[5].split(",") if k]
    backends, relays = int(sys.argv[6]), int(sys.argv[7])
    for k in kinds:
        if k not in DURATIONS:
            raise SystemExit("schedule.py: no fault kind '%s' (kinds: %s)" % (k, ",".join(DURATIONS)))
    rng = random.Random(seed)
    end = minutes * 60 - 240
    t = warmup + 60
    deck = []
    while t <= end:
        if not deck:
            deck = list(kinds)
            rng.shuffle(deck)
        kind = deck.pop()
        lo, hi = DURATIONS[kind]
        duration = rng.randint(lo, hi)
        target, param = "-", "-"
        if kind in ("backend-restart", "backend-down", "http-down"):
            target = str(rng.randint(1, backends))
        elif kind == "hsdir-down":
            target = "relay%d" % rng.randrange(relays)
        elif kind == "clock-step":
            param = "%+d" % (rng.choice((-1, 1)) * rng.randint(2, 6) * 60)
        print("%d %s %s %d %s" % (t, kind, target, duration, param))
        t += max(gap, duration + 90)


if __name__ == "__main__":
    main()
