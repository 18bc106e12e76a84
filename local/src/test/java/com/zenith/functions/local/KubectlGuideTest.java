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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed guide's Steps 2-4 (function communication), command for command with the real kubectl
 * against an engine started with nothing: apply, get, wait, the URL, the request, the logs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlGuideTest {
  private static final Path GUIDE =
      Path.of("..", "examples", "seed-go").toAbsolutePath().normalize();
  private static final List<String> FUNCTIONS =
      List.of("audit-logger", "balance-manager", "transaction-processor");

  @TempDir static Path work;
  private static Engine engine;
  private static Kubectl kubectl;
  private static final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    Kubectl.require();
    Toolchains.require("go");
    // The user runs `zenith dev` in the guide's directory, where ./<fn> resolves; the test's
    // working
    // directory is the module's, so it names the same directories as `--source <fn>=<dir>` does.
    Map<String, Path> sources =
        Map.of(
            "audit-logger", GUIDE.resolve("audit-logger"),
            "balance-manager", GUIDE.resolve("balance-manager"),
            "transaction-processor", GUIDE.resolve("transaction-processor"));
    engine =
        new Engine(
            new DevOptions(
                List.of(),
                false,
                0,
                0,
                "127.0.0.1",
                sources,
                work.resolve("cache"),
                work.resolve("state"),
                Duration.ofSeconds(60),
                false,
                false,
                false,
                new PrintStream(console, true, StandardCharsets.UTF_8),
                java.time.Duration.ZERO));
    engine.start();
    kubectl = new Kubectl(engine.kubeconfig(), work);
  }

  @AfterAll
  static void stop() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  @Order(1)
  void step2TheThreeFunctionsApplyAndBecomeReady() throws Exception {
    for (String fn : FUNCTIONS) {
      Kubectl.Run apply = kubectl.in(GUIDE, null, "apply", "-f", fn + ".yaml");
      assertThat(apply.exit()).as(apply.toString()).isZero();
      assertThat(apply.out()).contains("function.functions.zenith.com/" + fn + " created");
    }

    Kubectl.Run get = kubectl.run("get", "functions");
    assertThat(get.exit()).as(get.toString()).isZero();
    assertThat(get.out().lines().findFirst().orElse(""))
        .contains("NAME")
        .contains("READY")
        .contains("REASON")
        .contains("URL");
    assertThat(get.out()).contains("audit-logger", "balance-manager", "transaction-processor");

    for (String fn : FUNCTIONS) {
      Kubectl.Run wait =
          kubectl.run("wait", "--for=condition=Ready", "function/" + fn, "--timeout=10m");
      assertThat(wait.exit()).as("%s%nconsole:%n%s", wait, console).isZero();
      assertThat(wait.out()).contains("condition met");
    }
    Kubectl.Run ready = kubectl.run("get", "functions");
    assertThat(ready.out())
        .containsPattern(
            "transaction-processor\\s+True\\s+Ready\\s+http://transaction-processor.default.svc.cluster.local");
  }

  @Test
  @Order(2)
  void step3TheTransactionGoesThroughTheChainAndSucceeds() throws Exception {
    Kubectl.Run url =
        kubectl.run("get", "function", "transaction-processor", "-o", "jsonpath={.status.url}");
    assertThat(url.exit()).as(url.toString()).isZero();
    assertThat(url.out()).isEqualTo("http://transaction-processor.default.svc.cluster.local");

    // curl with http_proxy pointing at the gateway.
    HttpClient client =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", engine.port())))
            .build();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(url.out() + "/transaction"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        """
                        {
                          "account": "ACC-001",
                          "amount": 100.50
                        }"""))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body())
        .contains("\"status\":\"success\"")
        .containsPattern("\"transaction_id\":\"TXN-\\d+\"")
        .contains("\"balance\":100.5");
  }

  @Test
  @Order(3)
  void step4EachFunctionsLogShowsItsStepOfTheChain() throws Exception {
    assertLogShows(
        "transaction-processor",
        "Processing transaction: account=ACC-001, amount=100.50",
        "Balance updated: {Status:updated NewBalance:100.5 Account:ACC-001}");
    assertLogShows(
        "balance-manager", "Updated balance for ACC-001: 100.50", "Audit logged successfully");
    assertLogShows(
        "audit-logger",
        "[AUDIT] Action: balance_update, Details: map[account:ACC-001 amount:100.5 new_balance:100.5]");
  }

  @Test
  @Order(4)
  void kubectlGetKsvcListsTheThreeServices() throws Exception {
    Kubectl.Run ksvc = kubectl.run("get", "ksvc");
    assertThat(ksvc.exit()).as(ksvc.toString()).isZero();
    for (String fn : FUNCTIONS) {
      assertThat(ksvc.out())
          .containsPattern("(?m)^" + fn + "\\s+http://" + fn + ".default.svc.cluster.local");
    }
  }

  private static void assertLogShows(String fn, String... lines) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Kubectl.Run logs;
    do {
      logs = kubectl.run("logs", "-l", "serving.knative.dev/service=" + fn, "--tail=20");
      if (logs.exit() == 0 && List.of(lines).stream().allMatch(logs.out()::contains)) {
        return;
      }
      Thread.sleep(200); // the function's output reaches its log file in the background
    } while (System.nanoTime() < deadline);
    assertThat(logs.exit()).as(logs.toString()).isZero();
    assertThat(logs.out()).contains(lines);
  }
}
