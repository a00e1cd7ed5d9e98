package net.onionbalance.doc.hsdesc;

import java.util.Base64;

/** Writes items the way tor does: one space between arguments, objects as 64-column base64. */
final class NetdocWriter {
    private final StringBuilder out = new StringBuilder();

    NetdocWriter item(String keyword, String... arguments) {
        out.append(keyword);
        for (String a : arguments) {
            out.append(' ').append(a);
        }
        out.append('\n');
        return this;
    }

    /** An object; the END line gets a newline unless {@code finalNewline} is false. */
    NetdocWriter object(String label, byte[] content, boolean finalNewline) {
        out.append("-----BEGIN ").append(label).append("-----\n");
        String b64 = Base64.getEncoder().encodeToString(content);
        for (int i = 0; i < b64.length(); i += 64) {
            out.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        out.append("-----END ").append(label).append("-----");
        if (finalNewline) {
            out.append('\n');
        }
        return this;
    }

    NetdocWriter object(String label, byte[] content) {
        return object(label, content, true);
    }

    NetdocWriter raw(String text) {
        out.append(text);
        return this;
    }

    int length() {
        return out.length();
    }

    @Override
    public String toString() {
        return out.toString();
    }

    static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static String base64Unpadded(byte[] b) {
        return Base64.getEncoder().withoutPadding().encodeToString(b);
    }
}
