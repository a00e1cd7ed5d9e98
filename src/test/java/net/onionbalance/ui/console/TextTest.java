package net.onionbalance.ui.console;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TextTest {
    @Test
    void printableReplacesEveryControlCharacter() {
        assertEquals("a b c d e", Text.printable("a\u001bb\nc\td\u009be"));
        assertEquals("plain", Text.printable("plain"));
        assertEquals("", Text.printable(null));
    }

    @Test
    void wrapBreaksAtSpacesAndCutsLongWords() {
        assertEquals(List.of("one two", "three"), Text.wrap("one two three", 8));
        assertEquals(List.of("abcd", "efgh", "ij k"), Text.wrap("abcdefghij k", 4));
        assertEquals(List.of(""), Text.wrap("", 10));
    }

    @Test
    void fitAndClip() {
        assertEquals("ab~", Text.clip("abcdef", 3));
        assertEquals("ab  ", Text.fit("ab", 4));
        assertEquals("", Text.clip("abc", 0));
    }

    @Test
    void agesReadAsAnOperatorSaysThem() {
        Instant now = Fixtures.NOW;
        assertEquals("3m12s ago", Text.ago(now.minusSeconds(192), now));
        assertEquals("now", Text.ago(now.plusSeconds(5), now));
        assertEquals("never", Text.ago(Optional.empty(), now, "never"));
        assertEquals("2h05m", Text.age(Optional.of(now.minusSeconds(2 * 3600 + 5 * 60)), now, "-"));
    }

    @Test
    void addressesShortenToTheirFirstCharacters() {
        assertEquals(Fixtures.SRV1.withOnionSuffix(), Text.address(Fixtures.SRV1, 62));
        assertEquals(Fixtures.SRV1.toString(), Text.address(Fixtures.SRV1, 56));
        assertEquals("25njqamcweflpvkl...", Text.address(Fixtures.SRV1, 19));
    }
}
