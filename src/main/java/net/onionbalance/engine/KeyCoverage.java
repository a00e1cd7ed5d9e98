package net.onionbalance.engine;

import net.onionbalance.crypto.TimePeriod;
import net.onionbalance.doc.keys.SigningGap;
import net.onionbalance.engine.snapshot.KeyBundleStatus;
import net.onionbalance.time.CivilTime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * What a service's offline key bundle means for publishing: a slot whose time period the bundle
 * does not cover is not published (its typed reason kept in the slot, the service's other slot
 * and the other services go on), and the log says ahead of time when the bundle runs out: 7
 * days before, 1 day before, then daily.
 */
final class KeyCoverage {
    private static final Logger LOG = Logger.getLogger(KeyCoverage.class.getName());
    /** Warned once each when the bundle has this little left. */
    static final List<Duration> WARN_BEFORE = List.of(Duration.ofDays(7), Duration.ofDays(1));

    private KeyCoverage() {}

    /** Whether {@code slot} must wait for a key for {@code tp}; if so its state and a note say why. */
    static boolean stopsSlot(ServiceState s, SlotState slot, TimePeriod tp, Set<String> notes) {
        Optional<SigningGap> gap = s.key.gapFor(tp);
        SigningGap before = slot.keyGap;
        slot.keyGap = gap.orElse(null);
        if (gap.isEmpty()) {
            if (before != null) {
                LOG.info("The " + slot.slot.label() + " descriptor of " + s.master + " has a key again: publishing");
            }
            return false;
        }
        String why = gap.get().describe();
        if (!Objects.equals(before, gap.get())) {
            LOG.severe("Not publishing the " + slot.slot.label() + " descriptor of " + s.master + ": " + why);
        }
        slot.state = "no key for its time period";
        notes.add("The " + slot.slot.label() + " descriptor is not published: " + why);
        return true;
    }

    /** The service's state when a slot has no key, else empty. */
    static Optional<String> serviceState(ServiceState s) {
        long gaps = s.slots.values().stream().filter(x -> x.keyGap != null).count();
        if (gaps == 0) {
            return Optional.empty();
        }
        return Optional.of(gaps == s.slots.size() ? "stopped: the key bundle covers neither time period"
                : "published in part: the key bundle does not cover one time period");
    }

    /** What the snapshot shows of the service's key bundle; empty for a service with its identity key. */
    static Optional<KeyBundleStatus> status(ServiceState s) {
        return s.key.signsUntil().map(until -> new KeyBundleStatus(until,
                s.slots.values().stream().map(x -> x.keyGap).filter(Objects::nonNull).toList()));
    }

    /** Logs when the bundle will run out, at 7 days and 1 day ahead, then daily (once per stage). */
    static void warnBeforeExpiry(ServiceState s, Instant now) {
        Optional<Instant> until = s.key.signsUntil();
        if (until.isEmpty()) {
            s.keyExpiryWarned = null;
            return;
        }
        Duration left = Duration.between(now, until.get());
        String stage = stage(left);
        if (stage == null || stage.equals(s.keyExpiryWarned)) {
            s.keyExpiryWarned = stage;
            return;
        }
        s.keyExpiryWarned = stage;
        String when = CivilTime.format(until.get().getEpochSecond()) + " UTC";
        if (left.isNegative() || left.isZero()) {
            LOG.severe("The key bundle of " + s.master + " ran out at " + when + " (" + days(left.negated())
                    + " ago): its descriptors are no longer published. Make a new one on the offline machine "
                    + "(onionbalance key offline), copy it here and reload (SIGHUP)");
        } else {
            LOG.warning("The key bundle of " + s.master + " runs out at " + when + " (in " + days(left)
                    + "): make a new one on the offline machine (onionbalance key offline), copy it here and reload (SIGHUP)");
        }
    }

    /** The warning stage: null while more than 7 days are left; "7d", "1d", then one per day past expiry. */
    static String stage(Duration left) {
        if (left.compareTo(WARN_BEFORE.get(0)) > 0) {
            return null;
        }
        if (left.compareTo(WARN_BEFORE.get(1)) > 0) {
            return "7d";
        }
        if (left.isNegative() || left.isZero()) {
            return "out+" + left.negated().toDays() + "d";
        }
        return "1d";
    }

    private static String days(Duration d) {
        long h = d.toHours();
        return h >= 48 ? d.toDays() + " days" : h >= 1 ? h + " h" : d.toMinutes() + " min";
    }
}
