package com.zenith.functions.sdk.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.sdk.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Runs {@link SigtermMain} in a child JVM and stops it with SIGTERM, as Kubernetes does. */
class SigtermTest {
  @Test
  void sigtermDrainsTheRequestInProgressAndExits() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var pb =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), SigtermMain.class.getName())
            .redirectErrorStream(true);
    pb.environment().put("PORT", "0");
    pb.environment().remove("K_SERVICE");
    pb.environment().remove("KUBERNETES_SERVICE_HOST");
    Process p = pb.start();
    var lines = new LinkedBlockingQueue<String>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (var out =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException ignored) {
                // the process is gone
              }
            });
    try (var http = TestServer.directClient()) {
      String portLine = await(lines, l -> l.startsWith("PORT="));
      int port = Integer.parseInt(portLine.substring(5));
      URI slow = URI.create("http://127.0.0.1:" + port + "/slow");
      var inFlight =
          http.sendAsync(
              HttpRequest.newBuilder(slow).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
              HttpResponse.BodyHandlers.ofString());
      await(lines, "ENTERED"::equals);
      p.destroy(); // SIGTERM
      HttpResponse<String> res = inFlight.get(20, TimeUnit.SECONDS);
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.body()).isEqualTo("{\"done\":true}");
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue())
          .isEqualTo(143); // 128 + SIGTERM, after the shutdown hook drained the request
    } finally {
      p.destroyForcibly();
    }
  }

  private static String await(BlockingQueue<String> lines, Predicate<String> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && wanted.test(line)) {
        return line;
      }
    }
    throw new AssertionError("child process did not print the expected line");
  }
}
