package com.zenith.functions.operator.status;

import io.fabric8.knative.pkg.apis.Condition;
import java.util.List;
import java.util.Objects;

/** Reads a Knative object's Ready condition the way Knative means it. */
final class KnativeReadiness {

  private KnativeReadiness() {}

  /**
   * The Ready condition, or null when absent or when Knative has not yet reconciled the object's
   * current generation (a stale Ready=True says nothing about the latest change).
   */
  static Condition ready(Long generation, Long observedGeneration, List<Condition> conditions) {
    boolean current = generation == null || Objects.equals(observedGeneration, generation);
    if (!current || conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
  }

  /** {@code reason: message} of a condition, for our messages. */
  static String detail(Condition c) {
    return (c.getReason() == null ? "" : c.getReason() + ": ")
        + Objects.requireNonNullElse(c.getMessage(), "");
  }
}
