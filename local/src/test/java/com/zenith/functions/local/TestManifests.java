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
        out);
  }
}
