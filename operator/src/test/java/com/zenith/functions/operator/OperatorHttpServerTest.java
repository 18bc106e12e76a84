package com.zenith.functions.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zenith.functions.operator.resources.ChildSettings;
import com.zenith.functions.operator.scenarios.MockCrds;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The operator process's endpoints, with the operator running against the mock server. */
@EnableKubernetesMockClient(crud = true)
class OperatorHttpServerTest {

  KubernetesClient client;

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthReadinessAndMetrics() throws Exception {
    MockCrds.register(client);
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var config =
        new OperatorConfig(
            ChildSettings.defaults(),
            RuntimeSettings.defaults(),
            Set.of(),
            false,
            "zenith-system",
            0);
    FunctionOperator fo = FunctionOperator.create(client, config, registry, Clock.systemUTC());
    OperatorHttpServer http = OperatorHttpServer.start(0, fo.operator().getRuntimeInfo(), registry);
    try {
      assertThat(get(http.port(), "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(http.port(), "/readyz").statusCode()).isEqualTo(503);

      fo.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(get(http.port(), "/readyz").statusCode()).isEqualTo(200));
      client
          .resource(com.zenith.functions.operator.scenarios.TestFunctions.plain("metrics", "m"))
          .create();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                String metrics = get(http.port(), "/metrics").body();
                assertThat(metrics).contains("zenith_functions{ready=\"Unknown\"} 1.0");
                assertThat(metrics).contains("operator_sdk_reconciliations_started");
                assertThat(metrics).contains("operator_sdk_reconciliations_success");
              });
    } finally {
      fo.stop();
      http.stop();
    }
  }
}
