package com.zenith.functions.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Knative Trigger filter semantics, as a table. */
class TriggerFilterTest {
  private static final CloudEvent EVENT =
      CloudEventBuilder.v1()
          .withId("1")
          .withSource(URI.create("transaction-processor"))
          .withType("com.example.transaction.created")
          .withExtension("region", "eu")
          .build();

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("no filters", Map.of(), true),
        Arguments.of("type matches", Map.of("type", "com.example.transaction.created"), true),
        Arguments.of("type differs", Map.of("type", "com.example.other"), false),
        Arguments.of("prefix is not a match", Map.of("type", "com.example"), false),
        Arguments.of("attribute missing", Map.of("subject", "x"), false),
        Arguments.of(
            "several, all match",
            Map.of("type", "com.example.transaction.created", "source", "transaction-processor"),
            true),
        Arguments.of(
            "several, one differs",
            Map.of("type", "com.example.transaction.created", "source", "other"),
            false),
        Arguments.of("extension matches", Map.of("region", "eu"), true),
        Arguments.of("extension differs", Map.of("region", "us"), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void filtersMatchExactlyOnEveryAttribute(
      String name, Map<String, String> filters, boolean expected) {
    assertThat(TriggerFilter.matches(filters, EVENT)).isEqualTo(expected);
  }
}
