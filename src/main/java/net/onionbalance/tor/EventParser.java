package net.onionbalance.tor;

import net.onionbalance.doc.consensus.RelayFingerprint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns an asynchronous (650) reply into a {@link TorEvent} (control-spec §4.1). */
final class EventParser {
    private static final Logger LOG = Logger.getLogger(EventParser.class.getName());
    /** control-spec §2.4 ServerSpec for "no relay known". */
    private static final String UNKNOWN = "UNKNOWN";

    private EventParser() {}

    /** Never throws: an event that cannot be typed is returned as {@link TorEvent.OtherEvent}. */
    static TorEvent parse(Reply reply) {
        ReplyLine first = reply.first();
        String text = first.text();
        int sp = text.indexOf(' ');
        String type = sp < 0 ? text : text.substring(0, sp);
        String rest = sp < 0 ? "" : text.substring(sp + 1);
        try {
            switch (type) {
                case "HS_DESC":
                    return hsDesc(rest);
                case "HS_DESC_CONTENT":
                    return hsDescContent(rest, first.data().orElse(""));
                case "STATUS_CLIENT":
                    return statusClient(rest);
                case "SIGNAL":
                    return new TorEvent.SignalEvent(rest.trim());
                default:
                    return other(type, reply);
            }
        } catch (ControlProtocolException | IllegalArgumentException e) {
            LOG.warning(() -> "cannot parse tor event " + type + ": " + e.getMessage() + " (kept as an untyped event)");
            return other(type, reply);
        }
    }

    private static TorEvent.OtherEvent other(String type, Reply reply) {
        List<String> lines = new ArrayList<>();
        Optional<String> data = Optional.empty();
        for (ReplyLine l : reply.lines()) {
            lines.add(l.text());
            if (l.data().isPresent()) {
                data = l.data();
            }
        }
        return new TorEvent.OtherEvent(type, lines, data);
    }

    private static TorEvent.HsDescEvent hsDesc(String rest) throws ControlProtocolException {
        KeywordArguments a = KeywordArguments.parse(rest);
        if (a.positional().size() < 4) {
            throw new ControlProtocolException("HS_DESC needs Action HSAddress AuthType HsDir, got \"" + rest + "\"");
        }
        HsDescAction action;
        try {
            action = HsDescAction.valueOf(a.positional().get(0));
        } catch (IllegalArgumentException e) {
            throw new ControlProtocolException("unknown HS_DESC action " + a.positional().get(0));
        }
        String hsDir = a.positional().get(3);
        Optional<RelayFingerprint> fp = Optional.empty();
        Optional<String> nick = Optional.empty();
        if (!UNKNOWN.equals(hsDir)) {
            fp = Optional.of(RelayFingerprint.parse(hsDir));
            int cut = Math.max(hsDir.indexOf('~'), hsDir.indexOf('='));
            if (cut >= 0 && cut + 1 < hsDir.length()) {
                nick = Optional.of(hsDir.substring(cut + 1));
            }
        }
        OptionalInt replica = OptionalInt.empty();
        String r = a.keywords().get("REPLICA");
        if (r != null) {
            try {
                replica = OptionalInt.of(Integer.parseInt(r));
            } catch (NumberFormatException e) {
                throw new ControlProtocolException("HS_DESC REPLICA is not a number: " + r);
            }
        }
        return new TorEvent.HsDescEvent(action, stripOnion(a.positional().get(1)), a.positional().get(2), fp, nick,
                a.positional(4), a.keyword("REASON").map(HsDescReason::parse), replica, a.keyword("HSDIR_INDEX"));
    }

    private static TorEvent.HsDescContentEvent hsDescContent(String rest, String body) throws ControlProtocolException {
        KeywordArguments a = KeywordArguments.parse(rest);
        if (a.positional().size() < 3) {
            throw new ControlProtocolException("HS_DESC_CONTENT needs HSAddress DescId HsDir, got \"" + rest + "\"");
        }
        String hsDir = a.positional().get(2);
        Optional<RelayFingerprint> fp = UNKNOWN.equals(hsDir) ? Optional.empty() : Optional.of(RelayFingerprint.parse(hsDir));
        return new TorEvent.HsDescContentEvent(stripOnion(a.positional().get(0)), a.positional().get(1), fp, body);
    }

    private static TorEvent.StatusClientEvent statusClient(String rest) throws ControlProtocolException {
        KeywordArguments a = KeywordArguments.parse(rest);
        if (a.positional().size() < 2) {
            throw new ControlProtocolException("STATUS_CLIENT needs Severity Action, got \"" + rest + "\"");
        }
        return new TorEvent.StatusClientEvent(a.positional().get(0), a.positional().get(1), Map.copyOf(a.keywords()));
    }

    private static String stripOnion(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        return lower.endsWith(".onion") ? address.substring(0, address.length() - ".onion".length()) : address;
    }
}
