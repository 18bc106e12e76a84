package com.zenith.functions.operator.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.operator.OperatorHttpServer;
import com.zenith.functions.operator.RuntimeSettings;
import com.zenith.functions.operator.git.PushWebhook;
import com.zenith.functions.operator.resources.PipelineRunResource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Item 8, the webhook: a verified push on the operator's HTTP server makes the Functions that
 * follow that branch build the pushed commit (polling is off here, so only the webhook can say).
 */
class GitWebhookScenariosTest extends ScenarioBase {

  private static final String SECRET = "hook-secret";
  private static final String PUSHED = "fedcba9876543210fedcba9876543210fedcba98";

  @Override
  RuntimeSettings runtime() {
    return ClusterFixture.RUNTIME.withWebhookSecret(SECRET);
  }

  private static HttpResponse<String> post(int port, String body, String signature)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/git"))
            .header("X-GitHub-Event", "push")
            .header("X-Hub-Signature-256", "sha256=" + signature)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }

  private static String push(String cloneUrl) {
    return "{\"ref\":\"refs/heads/main\",\"after\":\""
        + PUSHED
        + "\",\"repository\":{\"clone_url\":\""
        + cloneUrl
        + "\"}}";
  }

  @Test
  void aVerifiedPushBuildsThePushedCommitAndTheRestIsRefusedOrIgnored() throws Exception {
    String ns = ClusterFixture.namespace();
    cluster.deployReady(
        Functions.function(ns, "hooked")); // gitRepo https://github.com/example/hooked
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorHttpServer http =
        OperatorHttpServer.start(
            0,
            cluster.operator().operator().getRuntimeInfo(),
            registry,
            cluster.operator().webhook());
    try {
      String ours = push("https://github.com/example/hooked.git");
      byte[] bytes = ours.getBytes(StandardCharsets.UTF_8);

      assertThat(post(http.port(), ours, PushWebhook.hmac("wrong", bytes)).statusCode())
          .isEqualTo(401);
      String other = push("https://github.com/example/unknown.git");
      assertThat(
              post(
                      http.port(),
                      other,
                      PushWebhook.hmac(SECRET, other.getBytes(StandardCharsets.UTF_8)))
                  .statusCode())
          .isEqualTo(202);
      var accepted = post(http.port(), ours, PushWebhook.hmac(SECRET, bytes));
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);

      var pr =
          cluster.awaitBuildNamed(
              ns, PipelineRunResource.name(cluster.get(ns, "hooked"), settings(), PUSHED));
      assertThat(pr.getMetadata().getAnnotations())
          .containsEntry(PipelineRunResource.COMMIT_ANNOTATION, PUSHED);
    } finally {
      http.stop();
    }
  }
}
