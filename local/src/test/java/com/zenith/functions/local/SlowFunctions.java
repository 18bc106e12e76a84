package com.zenith.functions.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test functions that take their time: a Python server that sleeps on request or at start. */
final class SlowFunctions {
  private SlowFunctions() {}

  /**
   * A threaded Python server: {@code GET /sleep?s=N} answers {@code slept N: $GREETING} after N
   * seconds; it listens only after {@code $START_DELAY} seconds.
   */
  static Path source(Path root, String name) throws Exception {
    Path src = Files.createDirectories(root.resolve(name));
    Files.writeString(src.resolve("requirements.txt"), "");
    Files.writeString(
        src.resolve("main.py"),
        """
        import os, time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import urlparse, parse_qs
        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_GET(self):
                q = parse_qs(urlparse(self.path).query)
                s = float(q.get("s", ["0"])[0])
                time.sleep(s)
                body = ("slept %g: " % s + os.environ.get("GREETING", "")).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        time.sleep(float(os.environ.get("START_DELAY", "0")))
        ThreadingHTTPServer((os.environ["HOST"], int(os.environ["PORT"])), H).serve_forever()
        """);
    return src;
  }

  /** A Function built from {@code src}; {@code deploy} continues {@code spec.deploy}. */
  static String manifest(String name, Path src, String deploy) {
    return """
        apiVersion: functions.zenith.com/v1alpha1
        kind: Function
        metadata:
          name: %s
          annotations:
            functions.zenith.com/local-source: %s
        spec:
          gitRepo: https://github.com/myorg/%s
          build:
            image: registry.example.com/%s
          deploy:
        %s
        """
        .formatted(name, src, name, name, deploy.indent(4).stripTrailing());
  }
}
