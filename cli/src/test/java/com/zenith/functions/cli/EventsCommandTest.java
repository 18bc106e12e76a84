package com.zenith.functions.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zenith events send, tail and dead-letters against a real zenith dev session. */
class EventsCommandTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        ZenithCommand.execute(
            args, new PrintWriter(out, true), new PrintWriter(err, true), Style.plain());
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void sendTailDeadLettersAndReplay() throws Exception {
    Path src = Files.createDirectories(dir.resolve("refuser"));
    // A subscriber that refuses every event with 400: it goes straight to the dead letters.
    Files.writeString(src.resolve("requirements.txt"), "");
    Files.writeString(
        src.resolve("main.py"),
        """
        import os
        from http.server import BaseHTTPRequestHandler, HTTPServer
        class H(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                self.send_response(400)
                self.send_header("Content-Length", "0")
                self.end_headers()
        HTTPServer((os.environ["HOST"], int(os.environ["PORT"])), H).serve_forever()
        """);
    Files.writeString(
        dir.resolve("refuser.yaml"),
        """
        apiVersion: functions.zenith.com/v1alpha1
        kind: Function
        metadata:
          name: refuser
          annotations:
            functions.zenith.com/local-source: ./refuser
        spec:
          gitRepo: https://github.com/myorg/refuser
          build:
            image: registry.example.com/refuser
          deploy: {}
          eventing:
            broker: default
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          name: default
        """);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ZenithCommand.class.getName(),
                "dev",
                "--port",
                "0",
                dir.resolve("refuser.yaml").toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("ZENITH_STATE_DIR", dir.resolve("state").toString());
    pb.environment().put("ZENITH_CACHE_DIR", dir.resolve("cache").toString());
    Process dev = pb.start();
    try {
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(dev.getInputStream(), StandardCharsets.UTF_8));
      String port = null;
      String line;
      Pattern gw = Pattern.compile("gateway on http://127\\.0\\.0\\.1:(\\d+)");
      while ((line = lines.readLine()) != null) {
        Matcher m = gw.matcher(line);
        if (m.find()) {
          port = m.group(1);
        }
        if (line.contains("refuser | ready on")) {
          break;
        }
      }
      assertThat(port).isNotNull();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  lines.lines().forEach(l -> {});
                } catch (java.io.UncheckedIOException e) {
                  // the process ended
                }
              });

      Run sent =
          run(
              "events",
              "send",
              "--port",
              port,
              "--broker",
              "default",
              "--type",
              "com.example.test",
              "--source",
              "cli",
              "--id",
              "evt-1",
              "--data",
              "{\"a\":1}",
              "--attr",
              "region=eu");
      Run notJson =
          run(
              "events",
              "send",
              "--port",
              port,
              "--broker",
              "default",
              "--type",
              "t",
              "--source",
              "cli",
              "--data",
              "{nope");
      Run noBroker =
          run(
              "events",
              "send",
              "--port",
              port,
              "--broker",
              "missing",
              "--type",
              "t",
              "--source",
              "cli");

      assertThat(sent.code()).isZero();
      assertThat(sent.out().strip()).isEqualTo("evt-1");
      assertThat(notJson.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(notJson.err()).contains("not valid JSON");
      assertThat(noBroker.code()).isEqualTo(ExitCodes.INVALID);
      assertThat(noBroker.err()).contains("broker default/missing does not exist");

      Run dead = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        dead = run("events", "dead-letters", "--port", port);
        if (dead.out().contains("1 dead letter")) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(dead.out())
          .contains("refuser")
          .contains("HTTP 400 is not retried")
          .contains("\"id\":\"evt-1\"")
          .contains("1 dead letter");
      Run tail = run("events", "tail", "--port", port, "--once");
      assertThat(tail.out())
          .contains("evt-1")
          .contains("com.example.test")
          .contains("refuser")
          .contains("dead-lettered");
      Run replay = run("events", "dead-letters", "--port", port, "--replay");
      assertThat(replay.out()).contains("replayed 1 events");
    } finally {
      dev.destroy();
      dev.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
