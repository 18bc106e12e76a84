package com.zenith.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.local.engine.Engine;
import java.io.ByteArrayInputStream;
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
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running engine changed live with the real kubectl and through its watched directory: env
 * changes roll without a failed request, deletes remove, new Functions run, bad input and stale or
 * unauthenticated requests are refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveChangesTest {
  private static final String FUNCTIONS = "/apis/functions.zenith.com/v1alpha1/namespaces/default";

  @TempDir static Path work;
  private static Path watched;
  private static Engine engine;
  private static Kubectl kubectl;
  private static HttpClient gateway;
  private static final ByteArrayOutputStream console = new ByteArrayOutputStream();

  /** A Python server that answers {@code <name>: $GREETING}. */
  static Path source(Path root, String name) throws Exception {
    Path src = Files.createDirectories(root.resolve(name));
    Files.writeString(src.resolve("requirements.txt"), "");
    Files.writeString(
        src.resolve("main.py"),
        """
        import os
        from http.server import BaseHTTPRequestHandler, HTTPServer
        class H(BaseHTTPRequestHandler):
            def do_GET(self):
                body = ("%s: " + os.environ.get("GREETING", "")).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        HTTPServer((os.environ["HOST"], int(os.environ["PORT"])), H).serve_forever()
        """
            .formatted(name));
    return src;
  }

  /** A Function built from {@code src} with GREETING={@code greeting}. */
  static String manifest(String name, Path src, String greeting) {
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
            env:
              - name: GREETING
                value: %s
        """
        .formatted(name, src, name, name, greeting);
  }

  @BeforeAll
  static void start() throws Exception {
    Kubectl.require();
    Toolchains.require("python3");
    watched = Files.createDirectories(work.resolve("watched"));
    engine =
        new Engine(
            new DevOptions(
                List.of(watched),
                false,
                0,
                0,
                "127.0.0.1",
                Map.of(),
                work.resolve("cache"),
                work.resolve("state"),
                Duration.ofSeconds(30),
                false,
                false,
                false,
                new PrintStream(console, true, StandardCharsets.UTF_8),
                java.time.Duration.ZERO));
    engine.start();
    kubectl = new Kubectl(engine.kubeconfig(), work);
    gateway =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", engine.port())))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    apply(manifest("x", source(work, "x"), "hello"));
    ready("x");
  }

  @AfterAll
  static void stop() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  @Order(1)
  void anEnvChangeRollsANewPodWithTheNewEnvAndNoRequestFails() throws Exception {
    assertThat(get("x").body()).isEqualTo("x: hello");
    String firstPod =
        kubectl
            .run(
                "get",
                "pods",
                "-l",
                "serving.knative.dev/service=x",
                "-o",
                "jsonpath={.items[*].metadata.name}")
            .out();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger requests = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>();
    Thread caller =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (running.get()) {
                    requests.incrementAndGet();
                    try {
                      HttpResponse<String> r = get("x");
                      if (r.statusCode() != 200) {
                        failures.add(r.statusCode() + " " + r.body());
                      } else if (!answers.contains(r.body())) {
                        answers.add(r.body());
                      }
                    } catch (Exception e) {
                      failures.add(e.toString());
                    }
                  }
                });
    try {
      Kubectl.Run patch =
          kubectl.run(
              "patch",
              "function",
              "x",
              "--type=merge",
              "-p",
              "{\"spec\":{\"deploy\":{\"env\":[{\"name\":\"GREETING\",\"value\":\"bonjour\"}]}}}");
      assertThat(patch.exit()).as(patch.toString()).isZero();

      String envs = "";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline && !envs.equals("bonjour")) {
        envs =
            kubectl
                .run(
                    "get",
                    "pods",
                    "-l",
                    "serving.knative.dev/service=x",
                    "-o",
                    "jsonpath={.items[*].spec.containers[?(@.name==\"user-container\")]"
                        + ".env[?(@.name==\"GREETING\")].value}")
                .out()
                .trim();
        Thread.sleep(100);
      }
      assertThat(envs).as("the pods' GREETING; console:%n%s", console).isEqualTo("bonjour");
      awaitTrue(() -> answers.contains("x: bonjour"), "the gateway answers from the new pod");
      int seen = requests.get();
      awaitTrue(() -> requests.get() > seen + 20, "more calls after the switch");
    } finally {
      running.set(false);
      caller.join(10_000);
    }
    assertThat(requests.get()).isPositive();
    assertThat(failures).as("failed requests out of %d", requests.get()).isEmpty();
    assertThat(answers).containsExactly("x: hello", "x: bonjour");
    String pod =
        kubectl
            .run(
                "get",
                "pods",
                "-l",
                "serving.knative.dev/service=x",
                "-o",
                "jsonpath={.items[*].metadata.name}")
            .out();
    assertThat(pod).isNotEmpty().isNotEqualTo(firstPod);
    Kubectl.Run gen =
        kubectl.run(
            "get",
            "function",
            "x",
            "-o",
            "jsonpath={.metadata.generation} {.status.observedGeneration}");
    assertThat(gen.out()).isEqualTo("2 2");
    Kubectl.Run wait = kubectl.run("wait", "--for=condition=Ready", "function/x", "--timeout=60s");
    assertThat(wait.exit()).as(wait.toString()).isZero();
  }

  @Test
  @Order(2)
  void withoutTheTokenTheApiAnswers401AndAStaleUpdateGets409() throws Exception {
    HttpClient api = HttpClient.newBuilder().sslContext(trustingTheKubeconfigsCa()).build();
    String base = "https://127.0.0.1:" + engine.apiPort() + FUNCTIONS + "/functions/x";

    HttpResponse<String> anonymous =
        api.send(HttpRequest.newBuilder(URI.create(base)).build(), ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).doesNotContain("bonjour");

    HttpResponse<String> old = api.send(authorized(base).build(), ofString());
    assertThat(old.statusCode()).isEqualTo(200);
    Kubectl.Run label = kubectl.run("label", "function", "x", "team=payments");
    assertThat(label.exit()).as(label.toString()).isZero();
    HttpResponse<String> stale =
        api.send(
            authorized(base)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(old.body()))
                .build(),
            ofString());
    assertThat(stale.statusCode()).as(stale.body()).isEqualTo(409);
    assertThat(stale.body()).contains("Conflict");

    HttpResponse<String> crossOrigin =
        api.send(
            authorized("https://127.0.0.1:" + engine.apiPort() + FUNCTIONS + "/functions")
                .header("Origin", "https://attacker.example")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(old.body().replace("\"x\"", "\"evil\"")))
                .build(),
            ofString());
    assertThat(crossOrigin.statusCode()).isEqualTo(403);
    assertThat(kubectl.run("get", "function", "evil").exit()).isNotZero();
  }

  @Test
  @Order(3)
  void anInvalidFunctionIsRefusedWithTheFieldNamed() throws Exception {
    Kubectl.Run bad =
        kubectl.in(
            work,
            manifest("bad", work.resolve("x"), "v")
                .replace("  build:\n", "  build:\n    noSuch: 1\n")
                .replace("image: registry.example.com/bad", "image: \"\""),
            "apply",
            "-f",
            "-");

    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err()).contains("spec.build.image");
    assertThat(kubectl.run("get", "function", "bad").exit()).isNotZero();
  }

  @Test
  @Order(4)
  void aFourthFunctionRunsWhenAppliedWithKubectlOrDroppedIntoTheWatchedDirectory()
      throws Exception {
    apply(manifest("fourth", source(work, "fourth"), "applied"));
    Path dropped = source(watched, "dropped");
    Files.writeString(
        watched.resolve("dropped.yaml"),
        manifest("dropped", dropped, "from a file").replace(dropped.toString(), "./dropped"));

    ready("fourth");
    awaitTrue(
        () -> kubectlSucceeds("get", "function", "dropped"),
        "the dropped file's Function is in the store");
    ready("dropped");
    assertThat(get("fourth").body()).isEqualTo("fourth: applied");
    assertThat(get("dropped").body()).isEqualTo("dropped: from a file");
    assertThat(get("x").body()).isEqualTo("x: bonjour");
  }

  @Test
  @Order(5)
  void deletingAFunctionRemovesItsPodAndItsHost() throws Exception {
    Kubectl.Run delete = kubectl.run("delete", "function", "x");
    assertThat(delete.exit()).as(delete.toString()).isZero();

    awaitTrue(
        () -> {
          try {
            return kubectl
                .run("get", "pods", "-l", "serving.knative.dev/service=x", "-o", "name")
                .out()
                .isBlank();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        "x's pods are gone");
    awaitTrue(
        () -> {
          try {
            return get("x").statusCode() == 404;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        "the gateway no longer routes x");
    assertThat(get("x").body()).contains("unknown host");
    assertThat(kubectl.run("get", "function", "x").err()).contains("NotFound");
    assertThat(
            ProcessHandle.current()
                .descendants()
                .filter(
                    p -> p.info().commandLine().orElse("").contains(work.resolve("x").toString()))
                .filter(ProcessHandle::isAlive))
        .isEmpty();
    assertThat(get("fourth").statusCode()).isEqualTo(200);
  }

  private static boolean kubectlSucceeds(String... args) {
    try {
      return kubectl.run(args).exit() == 0;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void apply(String yaml) throws Exception {
    Kubectl.Run r = kubectl.in(work, yaml, "apply", "-f", "-");
    assertThat(r.exit()).as(r.toString()).isZero();
  }

  private static void ready(String fn) throws Exception {
    Kubectl.Run r = kubectl.run("wait", "--for=condition=Ready", "function/" + fn, "--timeout=60s");
    assertThat(r.exit()).as("%s%nconsole:%n%s", r, console).isZero();
  }

  static HttpResponse<String> get(String fn) throws Exception {
    return gateway.send(
        HttpRequest.newBuilder(URI.create("http://" + fn + ".default.svc.cluster.local/"))
            .timeout(Duration.ofSeconds(10))
            .build(),
        ofString());
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static HttpRequest.Builder authorized(String url) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + engine.token());
  }

  /** Trusts only the certificate authority the engine wrote into its kubeconfig. */
  private static SSLContext trustingTheKubeconfigsCa() throws Exception {
    Matcher m =
        Pattern.compile("certificate-authority-data:\\s*(\\S+)")
            .matcher(Files.readString(engine.kubeconfig()));
    assertThat(m.find()).as("certificate-authority-data in the kubeconfig").isTrue();
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry(
        "zenith",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not within 30 s: " + what + "; console:\n" + console);
  }
}
