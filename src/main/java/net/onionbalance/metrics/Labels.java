package net.onionbalance.metrics;

import net.onionbalance.engine.PublishReason;
import net.onionbalance.engine.snapshot.ServiceStatus;

import java.util.Locale;

/** Label values, written the same way wherever they appear. */
final class Labels {
    private Labels() {}

    /** The master's address with ".onion", as the status socket writes it. */
    static String service(ServiceStatus s) {
        return s.masterAddress().withOnionSuffix();
    }

    /** {@code never_published}, {@code intro_points_changed}, ...: the enum's name in lower case. */
    static String reason(PublishReason r) {
        return r.name().toLowerCase(Locale.ROOT);
    }

    /** Any of our enums as a label value: its name in lower case ({@code events_silent}, {@code hsdir_lost_it}). */
    static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
