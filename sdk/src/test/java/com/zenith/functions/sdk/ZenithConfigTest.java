package com.zenith.functions.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZenithConfigTest {
  @Test
  void defaults() {
    var c = ZenithConfig.fromEnv(Map.of());
    assertThat(c.namespace()).isEqualTo("default");
    assertThat(c.callTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.retries()).isEqualTo(2);
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(c.eventSink()).isNull();
    assertThat(c.broker()).isEqualTo("default");
    assertThat(c.structuredEvents()).isFalse();
    assertThat(c.daprHttpPort()).isEqualTo(3500);
    assertThat(c.eventSource()).isEqualTo("zenith-function");
  }

  @Test
  void readsEverySettingFromTheEnvironment() {
    var c =
        ZenithConfig.fromEnv(
            Map.ofEntries(
                Map.entry("POD_NAMESPACE", "fin"),
                Map.entry("ZENITH_CALL_TIMEOUT_MS", "1500"),
                Map.entry("ZENITH_CALL_RETRIES", "0"),
                Map.entry("ZENITH_RETRY_BACKOFF_MS", "7"),
                Map.entry("ZENITH_BREAKER_OPEN_MS", "3000"),
                Map.entry("ZENITH_ASYNC_QUEUE", "5"),
                Map.entry("K_SINK", "http://sink.example"),
                Map.entry("ZENITH_EVENT_MODE", "structured"),
                Map.entry("DAPR_HTTP_PORT", "3600"),
                Map.entry("PORT", "9090"),
                Map.entry("K_SERVICE", "audit-logger")));
    assertThat(c.namespace()).isEqualTo("fin");
    assertThat(c.callTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.retries()).isZero();
    assertThat(c.backoffInitial()).isEqualTo(Duration.ofMillis(7));
    assertThat(c.breakerOpen()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.asyncQueue()).isEqualTo(5);
    assertThat(c.eventSink()).isEqualTo("http://sink.example");
    assertThat(c.structuredEvents()).isTrue();
    assertThat(c.daprHttpPort()).isEqualTo(3600);
    assertThat(c.port()).isEqualTo(9090);
    assertThat(c.eventSource()).isEqualTo("audit-logger");
  }

  @Test
  void bindsAllInterfacesOnlyInAClusterUnlessTold() {
    assertThat(ZenithConfig.fromEnv(Map.of("K_SERVICE", "x")).bindAddress()).isEqualTo("0.0.0.0");
    assertThat(ZenithConfig.fromEnv(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1")).bindAddress())
        .isEqualTo("0.0.0.0");
    assertThat(ZenithConfig.fromEnv(Map.of("HOST", "0.0.0.0")).bindAddress()).isEqualTo("0.0.0.0");
    assertThat(
            ZenithConfig.fromEnv(Map.of("K_SERVICE", "x", "ZENITH_BIND", "127.0.0.1"))
                .bindAddress())
        .isEqualTo("127.0.0.1");
  }

  @Test
  void toStringLeavesSecretsOut() {
    var c = ZenithConfig.fromEnv(Map.of("DAPR_API_TOKEN", "s3cret", "DB_PASSWORD", "hunter2"));
    assertThat(c.toString()).doesNotContain("s3cret", "hunter2").contains("namespace=default");
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> ZenithConfig.fromEnv(Map.of("ZENITH_CALL_RETRIES", "three")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ZENITH_CALL_RETRIES");
    assertThatThrownBy(() -> ZenithConfig.fromEnv(Map.of("ZENITH_ASYNC_QUEUE", "0")))
        .hasMessageContaining("ZENITH_ASYNC_QUEUE must be >= 1");
    assertThatThrownBy(() -> ZenithConfig.fromEnv(Map.of("ZENITH_EVENT_MODE", "batch")))
        .hasMessageContaining("ZENITH_EVENT_MODE");
  }
}
