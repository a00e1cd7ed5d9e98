"""The tiny web server behind one test-network backend: answers every GET with the backend's name.

Usage: python3 http_backend.py NAME PORT [BACKEND_DIR]
(BACKEND_DIR is unused here; it puts the network's folder on the command line, which is how
scripts/testnet recognises its own processes before signalling them.)
Binds 127.0.0.1 only. The body is NAME plus a newline, so a client can tell which backend served it;
GET /bytes/N answers N bytes (at most 64 MiB) of "x", for throughput measurements.
"""
import http.server
import sys


def main() -> None:
    name, port = sys.argv[1], int(sys.argv[2])
    body = (name + "\n").encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            if self.path.startswith("/bytes/") and self.path[7:].isdigit() and int(self.path[7:]) <= 64 << 20:
                n = int(self.path[7:])
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(n))
                self.send_header("X-Backend", name)
                self.end_headers()
                chunk = b"x" * 65536
                while n > 0:
                    self.wfile.write(chunk[:min(n, len(chunk))])
                    n -= min(n, len(chunk))
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Backend", name)
            self.end_headers()
            self.wfile.write(body)


        def log_message(self, fmt, *args) -> None:
            sys.stderr.write("%s %s\n" % (self.log_date_time_string(), fmt % args))
            sys.stderr.flush()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
