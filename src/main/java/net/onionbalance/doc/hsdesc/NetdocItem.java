package net.onionbalance.doc.hsdesc;

import java.util.List;
import java.util.Optional;

/**
 * One item of a Tor directory document (dir-spec §1.2 "KeywordLine Object?"), with where it
 * started: its 1-based line and its character offset (the outer signature covers the text up
 * to the {@code signature} item).
 */
record NetdocItem(String keyword, List<String> arguments, Optional<NetdocObject> object,
                  int lineNumber, int startOffset) {
    NetdocItem {
        arguments = List.copyOf(arguments);
    }
}
