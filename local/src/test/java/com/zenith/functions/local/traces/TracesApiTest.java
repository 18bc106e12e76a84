package com.zenith.functions.local.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The durations the traces endpoint and zenith traces take. */
class TracesApiTest {
  @Test
  void goAndIsoDurationsParse() {
    assertThat(TracesApi.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(TracesApi.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(TracesApi.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(TracesApi.parseDuration("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(TracesApi.parseDuration("PT5M")).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void otherTextIsRefusedWithTheExpectedForms() {
    for (String bad : new String[] {"", "5", "5x", "m5", "1h 2m", "P"}) {
      assertThatThrownBy(() -> TracesApi.parseDuration(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected e.g. 30s, 5m");
    }
  }
}
