package com.zenith.functions.operator.status;

import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Conditions;
import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.v1alpha1.Condition;
import com.zenith.functions.api.v1alpha1.FunctionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure status assembly, knative style: the sub-conditions observed in one reconcile plus their
 * summary Ready, stamped with the generation they were computed from (W5), keeping each
 * lastTransitionTime while its status holds. {@link #changed} tells whether writing the result
 * would change anything, so a converged Function is never written again (W1).
 */
public final class FunctionStatusAssembler {

  private static final List<String> ORDER =
      List.of(
          ConditionTypes.READY,
          ConditionTypes.BUILD_SUCCEEDED,
          ConditionTypes.SERVICE_READY,
          ConditionTypes.EVENTING_READY,
          ConditionTypes.TRACING_READY);

  private FunctionStatusAssembler() {}

  /**
   * What one reconcile observed.
   *
   * @param build the build outcome; its build is the newest successful one
   * @param service ServiceReady
   * @param eventing EventingReady, null when the Function has no broker
   * @param url the function's URL
   * @param servingImage the image that serves traffic (status.imageDigest), kept apart from the
   *     newest build while that is not serving
   * @param tracing TracingReady, null when auto-instrumentation is not asked; never part of Ready
   */
  public record Observed(
      BuildConditions.Outcome build,
      Condition service,
      Condition eventing,
      String url,
      String servingImage,
      Condition tracing) {

    /** A reconcile where the newest build serves and no tracing is asked. */
    public Observed(
        BuildConditions.Outcome build, Condition service, Condition eventing, String url) {
      this(build, service, eventing, url, build.imageDigest(), null);
    }
  }

  /** The new status from the previous one and what was observed at {@code generation}. */
  public static FunctionStatus assemble(
      FunctionStatus previous, long generation, Instant now, Observed observed) {
    List<Condition> conditions = previous == null ? List.of() : previous.conditions();
    conditions = Conditions.set(conditions, observed.build().condition(), generation, now);
    conditions = Conditions.set(conditions, observed.service(), generation, now);
    if (observed.eventing() == null) {
      conditions = Conditions.remove(conditions, ConditionTypes.EVENTING_READY);
    } else {
      conditions = Conditions.set(conditions, observed.eventing(), generation, now);
    }
    if (observed.tracing() == null) {
      conditions = Conditions.remove(conditions, ConditionTypes.TRACING_READY);
    } else {
      conditions = Conditions.set(conditions, observed.tracing(), generation, now);
    }
    Condition ready =
        Conditions.summarize(
            conditions,
            observed.eventing() == null
                ? FunctionMessages.READY
                : FunctionMessages.READY_WITH_EVENTING);
    conditions = new ArrayList<>(Conditions.set(conditions, ready, generation, now));
    conditions.sort(Comparator.comparingInt(c -> order(c.type())));
    return new FunctionStatus(
        generation,
        List.copyOf(conditions),
        observed.url(),
        observed.servingImage(),
        observed.build().build());
  }

  /** True when {@code next} says something {@code previous} does not (times aside). */
  public static boolean changed(FunctionStatus previous, FunctionStatus next) {
    if (previous == null) {
      return true;
    }
    return !Conditions.sameMeaning(previous.conditions(), next.conditions())
        || !Objects.equals(previous.observedGeneration(), next.observedGeneration())
        || !Objects.equals(previous.url(), next.url())
        || !Objects.equals(previous.imageDigest(), next.imageDigest())
        || !Objects.equals(previous.build(), next.build());
  }

  /**
   * The Ready condition of {@code next} when its status or reason differs from {@code previous}'s:
   * the transitions worth a Kubernetes Event.
   */
  public static Optional<Condition> readyTransition(FunctionStatus previous, FunctionStatus next) {
    Optional<Condition> before =
        Conditions.find(previous == null ? null : previous.conditions(), ConditionTypes.READY);
    Optional<Condition> after = Conditions.find(next.conditions(), ConditionTypes.READY);
    if (after.isEmpty()) {
      return Optional.empty();
    }
    if (before.isPresent()
        && Objects.equals(before.get().status(), after.get().status())
        && Objects.equals(before.get().reason(), after.get().reason())) {
      return Optional.empty();
    }
    return after;
  }

  private static int order(String type) {
    int i = ORDER.indexOf(type);
    return i < 0 ? ORDER.size() : i;
  }
}
