package net.onionbalance.health;

import net.onionbalance.config.HealthCheckSettings;
import net.onionbalance.config.HttpStatusRange;
import net.onionbalance.crypto.OnionAddress;

import java.time.Duration;
import java.util.Optional;

/** Backends with known-good addresses for the pure tests. */
final class Targets {
    static final String[] ADDRESSES = {
            "2gg5vc752g3i54vkeiwp5lwgg3xrxjjse4axpnqtboj6gyvo3u6i7pqd",
            "fyiozhqhw4o5b5h23qplwpgqjgpwjqkph2betcxxhupnkgx74gpprfad",
            "ki57q3wojrpc5c74pccxf6agcj67fxaof7klklr42myahwwji3bv73qd",
            "5g7alopjhqhmkzs72o6s6jigqjnximuwmweolzpasssxizzs63zsi5yd",
    };

    private Targets() {}

    static HealthTarget target(int i, Duration interval, Duration timeout, int failuresBeforeDown, int successesBeforeUp) {
        return new HealthTarget(OnionAddress.parse(ADDRESSES[i]), new HealthCheckSettings(80, Optional.empty(),
                HttpStatusRange.DEFAULT, interval, timeout, failuresBeforeDown, successesBeforeUp));
    }

    static HealthTarget target(int i) {
        return target(i, Duration.ofSeconds(60), Duration.ofSeconds(30), 3, 2);
    }
}
