package net.onionbalance.health;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the status code of an HTTP/1.x answer (RFC 9112 §4: {@code HTTP-version SP 3DIGIT SP reason CRLF}), nothing more. */
final class HttpStatusLine {
    /** A status line is short; a peer sending more before its line break is not an HTTP server. */
    static final int MAX_LENGTH = 1024;
    private static final Pattern LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: .*)?");

    private HttpStatusLine() {}

    /** The request: HTTP/1.0 so that the server closes after answering; Host is the onion (RFC 9112 §3.2). */
    static byte[] request(String path, String host) {
        return ("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\nUser-Agent: onionbalance-health\r\nAccept: */*\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @throws EOFException      the peer closed before a whole line
     * @throws NotHttpException  the first line is not an HTTP/1.x status line, or too long
     */
    static int read(InputStream in) throws IOException {
        byte[] buf = new byte[MAX_LENGTH];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(n == 0 ? "the backend closed the connection without an HTTP answer"
                        : "the backend closed the connection inside the HTTP status line");
            }
            if (b == '\n') {
                break;
            }
            if (n == MAX_LENGTH) {
                throw new NotHttpException("not an HTTP answer: no line break in the first " + MAX_LENGTH + " bytes");
            }
            buf[n++] = (byte) b;
        }
        String line = new String(buf, 0, n > 0 && buf[n - 1] == '\r' ? n - 1 : n, StandardCharsets.ISO_8859_1);
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            String shown = line.length() > 60 ? line.substring(0, 57) + "..." : line;
            throw new NotHttpException("not an HTTP answer: '" + shown.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        return Integer.parseInt(m.group(1));
    }

    static final class NotHttpException extends IOException {
        NotHttpException(String message) {
            super(message);
        }
    }
}
