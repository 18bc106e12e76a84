package com.zenith.functions.local.traces;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** W3C traceparent parsing as a proxy needs it. */
class TraceParentTest {
  @Test
  void validHeaderParsesAndRoundTrips() {
    var t = TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(t.parentId()).isEqualTo("00f067aa0ba902b7");
    assertThat(t.sampled()).isTrue();
    assertThat(t.header()).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(
            TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").sampled())
        .isFalse();
  }

  @Test
  void invalidHeadersAreIgnored() {
    assertThat(TraceParent.parse(null)).isNull();
    assertThat(TraceParent.parse("garbage")).isNull();
    assertThat(TraceParent.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
        .isNull();
    assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"))
        .isNull();
    assertThat(TraceParent.parse("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        .isNull();
    assertThat(TraceParent.parse("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"))
        .isNull();
  }

  @Test
  void newIdsHaveTheRightLength() {
    assertThat(TraceParent.newTraceId()).hasSize(32).matches("[0-9a-f]+");
    assertThat(TraceParent.newSpanId()).hasSize(16).matches("[0-9a-f]+");
  }

  @Test
  void aNewUnsampledHeaderIsAValidTraceparentWithFlagsZero() {
    for (int i = 0; i < 1000; i++) {
      String h = TraceParent.newUnsampledHeader();
      TraceParent p = TraceParent.parse(h);
      org.assertj.core.api.Assertions.assertThat(p).as(h).isNotNull();
      org.assertj.core.api.Assertions.assertThat(p.sampled()).isFalse();
      org.assertj.core.api.Assertions.assertThat(p.header()).isEqualTo(h);
    }
    org.assertj.core.api.Assertions.assertThat(TraceParent.newUnsampledHeader())
        .isNotEqualTo(TraceParent.newUnsampledHeader());
  }
}
