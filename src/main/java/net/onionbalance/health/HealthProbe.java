package net.onionbalance.health;

/** Runs one check. Called on the checker's worker threads, several at once. */
@FunctionalInterface
public interface HealthProbe {
    /** Never throws for a failed check: the failure is in the result. Must end within the target's timeout (plus a little). */
    HealthResult check(HealthTarget target);
}
