package com.zenith.functions.local.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RootSamplerTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private int sampledOf(RootSampler s, int n) {
    int k = 0;
    for (int i = 0; i < n; i++) {
      k += s.sample() ? 1 : 0;
    }
    return k;
  }

  @Test
  void aBurstUpToTheLimitIsSampledWholeAndTheRestIsNot() {
    RootSampler s = new RootSampler(10, 10, now::get);
    assertThat(sampledOf(s, 25)).isEqualTo(10);
  }

  @Test
  void theRateRefillsWithTime() {
    RootSampler s = new RootSampler(10, 10, now::get);
    sampledOf(s, 100);
    now.addAndGet(500_000_000L); // half a second: five more at 10 per second
    assertThat(sampledOf(s, 100)).isEqualTo(5);
    now.addAndGet(10_000_000_000L); // a long pause refills the burst, no more
    assertThat(sampledOf(s, 100)).isEqualTo(10);
  }

  @Test
  void aSteadyLoadIsSampledAtTheRate() {
    RootSampler s = new RootSampler(100, 1, now::get);
    int sampled = 0;
    for (int i = 0; i < 10_000; i++) { // 10,000 requests over 10 s
      now.addAndGet(1_000_000L);
      sampled += s.sample() ? 1 : 0;
    }
    assertThat(sampled).isEqualTo(1_000);
  }

  @Test
  void allSamplesEveryTraceAndTheDefaultIsBounded() {
    assertThat(sampledOf(RootSampler.fromEnv("all"), 10_000)).isEqualTo(10_000);
    assertThat(sampledOf(RootSampler.fromEnv(null), 10_000))
        .isBetween((int) RootSampler.DEFAULT_PER_SECOND, 1_000);
  }

  @Test
  void aBadSettingNamesTheVariable() {
    for (String bad : new String[] {"fast", "0", "-3", "NaN", "Infinity"}) {
      assertThatThrownBy(() -> RootSampler.fromEnv(bad))
          .hasMessageContaining("ZENITH_TRACES_PER_SECOND")
          .hasMessageContaining(bad);
    }
  }
}
