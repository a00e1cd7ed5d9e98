package net.onionbalance.ui.console;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class MainScreenTest {
    @Test
    void dump() throws Exception {
        try (VirtualConsole c = new VirtualConsole(80, 24)) {
            c.session.step();
            System.out.println(c.text());
            c.press('\n');
        }
    }
}
