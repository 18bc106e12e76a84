package com.zenith.functions.sdk.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * OpenTelemetry is an optional dependency: in a child JVM whose class path lacks every {@code
 * io.opentelemetry} jar, the host, calls, fire-and-forget and events work and the incoming
 * traceparent still reaches every call and event.
 */
class WithoutOpenTelemetryTest {
  static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void theSdkRunsWithoutTheOpenTelemetryJarsAndStillPropagates() throws Exception {
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(e -> !e.contains("opentelemetry"))
            .collect(Collectors.joining(File.pathSeparator));
    assertThat(classPath).isNotEqualTo(System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var pb =
        new ProcessBuilder(java, "-cp", classPath, WithoutOpenTelemetryMain.class.getName(), PARENT)
            .redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_"));
    Process p = pb.start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      List<String> lines = out.lines().toList();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(lines).as(out).contains("OTEL_ABSENT", "TRACING NoTracing", "STATUS 200");
      assertThat(lines.stream().filter(l -> l.startsWith("SEEN ")).toList())
          .as(out)
          .containsExactly(
              "SEEN event " + PARENT, "SEEN update " + PARENT, "SEEN update " + PARENT);
    } finally {
      p.destroyForcibly();
    }
  }
}
