package com.zenith.functions.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Manifests and session options the local engine's tests share. */
final class TestManifests {
  private TestManifests() {}

  /**
   * A Function built from {@code ./<name>} next to its manifest; {@code rest} continues the spec
   * after build (for example {@code " deploy: {}\n"}).
   */
  static String function(String name, String rest) {
    return """
        apiVersion: functions.zenith.com/v1alpha1
        kind: Function
        metadata:
          name: %s
          annotations:
            functions.zenith.com/local-source: ./%s
        spec:
          gitRepo: https://github.com/myorg/%s
          build:
            image: registry.example.com/%s
        """
            .formatted(name, name, name, name)
        + rest;
  }

  /** Session options with a free gateway port and the cache and state under {@code work}. */
  static DevOptions options(
      Path work, Duration readyTimeout, boolean watch, PrintStream out, Path... paths) {
    return options(work, readyTimeout, watch, Duration.ZERO, out, paths);
  }

  /** The same, polling git every {@code gitPoll} (zero: never). */
  static DevOptions options(
      Path work,
      Duration readyTimeout,
      boolean watch,
      Duration gitPoll,
      PrintStream out,
      Path... paths) {
    return new DevOptions(
        List.of(paths),
        false,
        0,
        0,
        "127.0.0.1",
        Map.of(),
        work.resolve("cache"),
        work.resolve("state"),
        readyTimeout,
        watch,
        out != null,
        false,
        out,
        gitPoll);
  }

  /** A Python HTTP server (standard library only) answering every GET with {@code answer}. */
  static String pythonServer(String answer) {
    return """
        import os
        from http.server import BaseHTTPRequestHandler, HTTPServer
        class H(BaseHTTPRequestHandler):
            def do_GET(self):
                body = b"%s"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        HTTPServer((os.environ["HOST"], int(os.environ["PORT"])), H).serve_forever()
        """
        .formatted(answer);
  }
}
