package net.onionbalance.doc.hsdesc;

import java.util.Arrays;
/** The object of an item: "-----BEGIN label-----", base64 lines, "-----END label-----". */
record NetdocObject(String label, byte[] content) {
    NetdocObject {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetdocObject other && label.equals(other.label)
                && Arrays.equals(content, other.content);
    }

    @Override
    public int hashCode() {
        return 31 * label.hashCode() + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "NetdocObject[" + label + ", " + content.length + " bytes]";
    }
}
