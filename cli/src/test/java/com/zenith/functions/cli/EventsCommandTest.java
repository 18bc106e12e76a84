package com.zenith.functions.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zenith events send, tail and dead-letters against a real zenith dev session. */
class EventsCommandTest {
  @TempDir Path dir;

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
    CliRun.Dev dev = CliRun.dev(dir, "refuser | ready on", dir.resolve("refuser.yaml").toString());
    try {
      String port = Integer.toString(dev.port());
      assertThat(dev.port()).isPositive();

      CliRun.Result sent =
          CliRun.separate(
              dir,
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
      CliRun.Result notJson =
          CliRun.separate(
              dir,
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
      CliRun.Result noBroker =
          CliRun.separate(
              dir,
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

      CliRun.Result dead = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        dead = CliRun.separate(dir, "events", "dead-letters", "--port", port);
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
      CliRun.Result tail = CliRun.separate(dir, "events", "tail", "--port", port, "--once");
      assertThat(tail.out())
          .contains("evt-1")
          .contains("com.example.test")
          .contains("refuser")
          .contains("dead-lettered");
      CliRun.Result replay =
          CliRun.separate(dir, "events", "dead-letters", "--port", port, "--replay");
      assertThat(replay.out()).contains("replayed 1 events");
    } finally {
      dev.process().destroy();
      dev.process().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
