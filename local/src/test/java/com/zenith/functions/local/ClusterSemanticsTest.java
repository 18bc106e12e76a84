package com.zenith.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.local.engine.Engine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors, timeouts and rollouts under zenith dev as in a cluster, with the guide's own Go programs
 * and real clients: a call to a host that does not exist takes the caller's error path, the guide's
 * retry loop retries while a function comes up, {@code timeoutSeconds} bounds a request (504), and
 * a request in flight during a rollout completes.
 */
class ClusterSemanticsTest {
  private static final Path SEED_GO =
      Path.of("..", "examples", "seed-go").toAbsolutePath().normalize();

  @TempDir static Path work;
  private static Engine engine;
  private static Kubectl kubectl;
  private static HttpClient gateway;
  private static final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    Kubectl.require();
    Toolchains.require("go", "python3", "node");
    Path manifests = Files.createDirectories(work.resolve("manifests"));
    // The guide's transaction-processor, unmodified, told that it runs in namespace prod: it
    // calls balance-manager.prod.svc.cluster.local, which does not exist.
    Files.writeString(
        manifests.resolve("transaction-processor.yaml"),
        Files.readString(SEED_GO.resolve("transaction-processor.yaml"))
            .replace("local-source: ./", "local-source: " + SEED_GO + "/")
            .replace("value: default", "value: prod"));
    Files.writeString(
        manifests.resolve("snappy.yaml"),
        SlowFunctions.manifest(
            "snappy", SlowFunctions.source(work, "snappy"), "timeoutSeconds: 3\n"));
    Files.writeString(
        manifests.resolve("steady.yaml"),
        SlowFunctions.manifest(
            "steady",
            SlowFunctions.source(work, "steady"),
            "env:\n  - name: GREETING\n    value: hello\n"));
    Files.writeString(
        manifests.resolve("broker.yaml"),
        Files.readString(Path.of("..", "examples", "financial-events", "broker.yaml")));
    Files.writeString(manifests.resolve("node-publisher.yaml"), nodePublisher(work));
    Files.writeString(manifests.resolve("counter.yaml"), counter(work));
    engine =
        new Engine(
            TestManifests.options(
                work,
                Duration.ofSeconds(30),
                false,
                new PrintStream(console, true, StandardCharsets.UTF_8),
                manifests));
    engine.start();
    assertThat(engine.awaitSettled(Duration.ofMinutes(3)))
        .as("ready; console:%n%s", console)
        .isTrue();
    kubectl = new Kubectl(engine.kubeconfig(), work);
    gateway =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", engine.port())))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterAll
  static void stop() {
    if (engine != null) {
      engine.close();
    }
  }

  private static HttpResponse<String> call(String fn, String method, String path, String body)
      throws Exception {
    return gateway.send(
        HttpRequest.newBuilder(URI.create("http://" + fn + ".default.svc.cluster.local" + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until the console holds every part; its lines come from pumps, not in reply order. */
  private static void awaitConsole(String... parts) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String text = console.toString(StandardCharsets.UTF_8);
    while (!Arrays.stream(parts).allMatch(text::contains) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      text = console.toString(StandardCharsets.UTF_8);
    }
    assertThat(text).contains(parts);
  }

  @Test
  void theGuidesTransactionProcessorCallingANamespaceWithoutItsBalanceManagerAnswersItsOwn500()
      throws Exception {
    HttpResponse<String> r =
        call(
            "transaction-processor",
            "POST",
            "/transaction",
            "{\"account\":\"ACC-001\",\"amount\":100}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("Failed to update balance\n");
    // Its own error path: Go's http.Post returned an error, as a failed DNS lookup gives. The
    // process's log line is pumped to the console apart from its answer, so it may come after.
    awaitConsole("Failed to call balance manager: Post", "balance-manager.prod.svc.cluster.local");
  }

  @Test
  void timeoutSecondsThreeGives504InAboutThreeSecondsAndAShorterRequestCompletes()
      throws Exception {
    HttpResponse<String> quick = call("snappy", "GET", "/sleep?s=1.5", null);
    long t0 = System.nanoTime();
    HttpResponse<String> slow = call("snappy", "GET", "/sleep?s=20", null);
    double seconds = (System.nanoTime() - t0) / 1e9;

    assertThat(quick.statusCode()).isEqualTo(200);
    assertThat(quick.body()).isEqualTo("slept 1.5: ");
    assertThat(slow.statusCode()).isEqualTo(504);
    assertThat(slow.body()).contains("\"timeoutSeconds\":3");
    assertThat(seconds).as("seconds to the 504").isBetween(2.9, 6.0);
  }

  @Test
  void aRequestInFlightDuringAnEnvChangeCompletesFromTheOldRevision() throws Exception {
    assertThat(call("steady", "GET", "/sleep?s=0", null).body()).isEqualTo("slept 0: hello");
    CompletableFuture<HttpResponse<String>> inFlight =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return call("steady", "GET", "/sleep?s=3", null);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(300); // the slow request has reached the old revision

    Kubectl.Run patch =
        kubectl.run(
            "patch",
            "function",
            "steady",
            "--type=merge",
            "-p",
            "{\"spec\":{\"deploy\":{\"env\":[{\"name\":\"GREETING\",\"value\":\"bonjour\"}]}}}");
    assertThat(patch.exit()).as(patch.toString()).isZero();

    HttpResponse<String> old = inFlight.get(30, TimeUnit.SECONDS);
    assertThat(old.statusCode()).as(old.body()).isEqualTo(200);
    assertThat(old.body()).isEqualTo("slept 3: hello");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String now = "";
    while (System.nanoTime() < deadline && !now.equals("slept 0: bonjour")) {
      now = call("steady", "GET", "/sleep?s=0", null).body();
      Thread.sleep(100);
    }
    assertThat(now)
        .as("the new revision serves; console:%n%s", console)
        .isEqualTo("slept 0: bonjour");
    awaitConsole("revision 1 drained and stopped");
  }

  @Test
  void theGuidesRetryLoopRetriesWhileAFunctionComesUpAndThenSucceeds() throws Exception {
    Path client = RetryClient.build(work);
    Kubectl.Run apply =
        kubectl.in(
            work,
            SlowFunctions.manifest(
                "sleepy",
                SlowFunctions.source(work, "sleepy"),
                "env:\n  - name: START_DELAY\n    value: \"8\"\n  - name: GREETING\n    value: up\n"),
            "apply",
            "-f",
            "-");
    assertThat(apply.exit()).as(apply.toString()).isZero();
    // Wait until the gateway has a route for it (the Function's view comes first, its route once
    // the runner takes it up): an unknown host's 404 lists the hosts the gateway knows.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline
        && !call("not-a-function", "GET", "/", null)
            .body()
            .contains("sleepy.default.svc.cluster.local")) {
      Thread.sleep(50);
    }

    RetryClient.Result r =
        RetryClient.run(
            client,
            "http://sleepy.default.svc.cluster.local/sleep?s=0",
            Map.of("HTTP_PROXY", "http://127.0.0.1:" + engine.port()));

    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output())
        .as("the guide's loop got a transport error (its 5 s timeout) and retried")
        .contains("Retry 1: ")
        .contains("Client.Timeout exceeded")
        .contains("status=200 body=slept 0: up");
  }

  /**
   * A Node function that publishes {@code n} binary CloudEvents with plain {@code fetch} to the
   * broker's cluster URL, as it would in a cluster, and answers the statuses it got.
   */
  private static String nodePublisher(Path root) throws Exception {
    Path src = Files.createDirectories(root.resolve("node-publisher"));
    Files.writeString(
        src.resolve("package.json"),
        "{\"name\":\"node-publisher\",\"version\":\"1.0.0\",\"main\":\"index.js\"}\n");
    Files.writeString(
        src.resolve("index.js"),
        """
        const http = require('http');
        const BROKER = 'http://broker-ingress.knative-eventing.svc.cluster.local/default/default';
        http.createServer(async (req, res) => {
          const n = Number(new URL(req.url, 'http://x').searchParams.get('n') || '1');
          const statuses = [];
          for (let i = 0; i < n; i++) {
            const r = await fetch(BROKER, {
              method: 'POST',
              headers: {
                'ce-specversion': '1.0', 'ce-id': 'node-' + Date.now() + '-' + i,
                'ce-source': 'node-publisher', 'ce-type': 'com.example.ping',
                'content-type': 'application/json',
              },
              body: JSON.stringify({ i }),
            });
            statuses.push(r.status);
          }
          res.end(statuses.join(','));
        }).listen(Number(process.env.PORT), process.env.HOST);
        """);
    return TestManifests.function("node-publisher", "  deploy: {}\n")
        .replace("./node-publisher", src.toString());
  }

  /** A Python subscriber of com.example.ping that counts what it receives (GET /count). */
  private static String counter(Path root) throws Exception {
    Path src = Files.createDirectories(root.resolve("counter"));
    Files.writeString(src.resolve("requirements.txt"), "");
    Files.writeString(
        src.resolve("main.py"),
        """
        import os, threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        count = 0
        lock = threading.Lock()
        class H(BaseHTTPRequestHandler):
            def do_POST(self):
                global count
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.headers.get("ce-type") == "com.example.ping":
                    with lock:
                        count += 1
                self.send_response(202)
                self.send_header("Content-Length", "0")
                self.end_headers()
            def do_GET(self):
                body = str(count).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        ThreadingHTTPServer((os.environ["HOST"], int(os.environ["PORT"])), H).serve_forever()
        """);
    return TestManifests.function(
            "counter",
            "  deploy: {}\n  eventing:\n    broker: default\n    filters:\n"
                + "      type: com.example.ping\n")
        .replace("./counter", src.toString());
  }

  @Test
  void aNodeFunctionPublishesByTheBrokersClusterUrlAndTheSubscriberGetsEveryEvent()
      throws Exception {
    HttpResponse<String> published = call("node-publisher", "GET", "/?n=5", null);

    assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
    assertThat(published.body()).isEqualTo("202,202,202,202,202");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String count = "";
    while (System.nanoTime() < deadline && !count.equals("5")) {
      count = call("counter", "GET", "/count", null).body();
      Thread.sleep(100);
    }
    assertThat(count).as("events the subscriber received; console:%n%s", console).isEqualTo("5");
  }

  @Test
  void everyStateFileIsTheOwnersOnly() throws Exception {
    call("steady", "GET", "/sleep?s=0", null); // the access log has a line
    Path state = work.resolve("state");
    List<String> wrong = new java.util.ArrayList<>();
    try (var files = Files.walk(state)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isSymbolicLink(p) || (!Files.isDirectory(p) && !Files.isRegularFile(p))) {
          continue; // sockets, the lock's pipe: not data
        }
        String mode =
            java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        String want = Files.isDirectory(p) ? "rwx------" : "rw-------";
        if (!mode.equals(want)) {
          wrong.add(state.relativize(p) + " " + mode);
        }
      }
    }
    assertThat(wrong).as("state files and directories that others can read").isEmpty();
    assertThat(state.resolve("logs/access.log")).exists();
    assertThat(state.resolve("logs/default/steady.log")).exists();
  }

  /** The guide's "Timeout and Retry" code as a Go program. */
  static final class RetryClient {
    record Result(int exit, String output) {}

    static Path build(Path work) throws Exception {
      Path dir = Files.createDirectories(work.resolve("retry-client"));
      Files.writeString(dir.resolve("go.mod"), "module retryclient\n\ngo 1.19\n");
      Files.writeString(
          dir.resolve("main.go"),
          """
          package main

          import (
              "fmt"
              "io"
              "log"
              "net/http"
              "os"
              "time"
          )

          func main() {
              url := os.Args[1]
              client := &http.Client{
                  Timeout: 5 * time.Second,
              }

              var resp *http.Response
              var err error
              for i := 0; i < 3; i++ {
                  resp, err = client.Get(url)
                  if err == nil {
                      break
                  }
                  log.Printf("Retry %d: %v", i+1, err)
                  time.Sleep(time.Second * time.Duration(i+1))
              }
              if err != nil {
                  fmt.Println("failed:", err)
                  os.Exit(1)
              }
              body, _ := io.ReadAll(resp.Body)
              fmt.Printf("status=%d body=%s\\n", resp.StatusCode, body)
          }
          """);
      Path binary = dir.resolve("retry-client");
      Process p =
          new ProcessBuilder("go", "build", "-o", binary.toString(), ".")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(out).isZero();
      return binary;
    }

    static Result run(Path binary, String url, Map<String, String> env) throws Exception {
      ProcessBuilder pb = new ProcessBuilder(List.of(binary.toString(), url));
      pb.environment().putAll(env);
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      return new Result(p.exitValue(), out);
    }
  }
}
