package net.onionbalance.cli;

import net.onionbalance.config.TorControlSettings;
import net.onionbalance.tor.ControlSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlPortOptionsTest {
    @Test
    void plainCookieIsTrustedOnlyForTorsDefaultPlacesAndTheConfiguredCookieFile() {
        ControlSettings none = new ControlPortOptions().settings(TorControlSettings.NONE, Map.of());
        assertEquals(ControlSettings.TOR_COOKIE_FILES, none.plainCookieFiles());
        Path mine = Path.of("/srv/tor/control_auth_cookie");
        ControlSettings configured = new ControlPortOptions().settings(new TorControlSettings(Optional.empty(),
                OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.of(mine)), Map.of());
        assertTrue(configured.plainCookieFiles().contains(mine) && configured.plainCookieFiles().containsAll(ControlSettings.TOR_COOKIE_FILES),
                configured.plainCookieFiles().toString());
    }
}
