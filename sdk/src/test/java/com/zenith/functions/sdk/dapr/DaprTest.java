package com.zenith.functions.sdk.dapr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zenith.functions.sdk.TestServer;
import com.zenith.functions.sdk.TestServer.Reply;
import com.zenith.functions.sdk.Zenith;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaprTest {
  record UpdateResponse(String status) {}

  @Test
  void invokesThroughTheSidecarHttpApi() throws Exception {
    try (var sidecar = TestServer.start((r, n) -> Reply.json(200, "{\"status\":\"updated\"}"));
        var z =
            Zenith.builder()
                .env(
                    Map.of(
                        "DAPR_HTTP_PORT",
                        String.valueOf(sidecar.port()),
                        "DAPR_API_TOKEN",
                        "s3cret"))
                .build()) {
      var res =
          z.dapr("balance-manager")
              .post("/update", Map.of("account", "ACC-001"), UpdateResponse.class);
      assertThat(res.status()).isEqualTo("updated");
      var req = sidecar.requests().getFirst();
      assertThat(req.uri().getPath()).isEqualTo("/v1.0/invoke/balance-manager/method/update");
      assertThat(req.header("dapr-api-token")).isEqualTo("s3cret");
      assertThat(req.bodyText()).isEqualTo("{\"account\":\"ACC-001\"}");
    }
  }

  @Test
  void defaultPortAndAppIdChecks() {
    try (var z = Zenith.builder().env(Map.of()).build()) {
      assertThat(z.dapr("balance-manager.fin").url("/update"))
          .isEqualTo(
              URI.create("http://127.0.0.1:3500/v1.0/invoke/balance-manager.fin/method/update"));
    }
    assertThatThrownBy(() -> Dapr.invokeBase(3500, "../admin"))
        .hasMessageContaining("not a Dapr app ID");
  }
}
