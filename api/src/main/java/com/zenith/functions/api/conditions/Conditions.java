package com.zenith.functions.api.conditions;

import com.zenith.functions.api.v1alpha1.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure operations on condition lists: setting a condition keeps its lastTransitionTime unless its
 * status changes, and Ready is computed as the AND of the sub-conditions.
 */
public final class Conditions {
  private Conditions() {}

  /** The condition of a type, if present. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.type())).findFirst();
  }

  /** A new condition, not yet timed. */
  public static Condition of(String type, String status, String reason, String message) {
    return new Condition(type, status, reason, message, null, null);
  }

  /**
   * Returns a new list where {@code next} replaces the condition of its type. Its
   * lastTransitionTime is the old one when the status did not change, else {@code now}.
   */
  public static List<Condition> set(
      List<Condition> conditions, Condition next, long generation, Instant now) {
    List<Condition> out = new ArrayList<>();
    boolean replaced = false;
    for (Condition c : conditions == null ? List.<Condition>of() : conditions) {
      if (c.type().equals(next.type())) {
        out.add(timed(next, c, generation, now));
        replaced = true;
      } else {
        out.add(c);
      }
    }
    if (!replaced) {
      out.add(timed(next, null, generation, now));
    }
    return List.copyOf(out);
  }

  /** Removes a condition type, for example EventingReady when eventing is removed. */
  public static List<Condition> remove(List<Condition> conditions, String type) {
    if (conditions == null) {
      return List.of();
    }
    return conditions.stream().filter(c -> !type.equals(c.type())).toList();
  }

  /**
   * The Ready summary of the sub-conditions present: False if any is False (the first in {@link
   * ConditionTypes#SUB_CONDITIONS} order explains why), else Unknown if any is Unknown or none
   * exists, else True with {@code readyMessage}.
   */
  public static Condition summarize(List<Condition> conditions, String readyMessage) {
    Condition firstUnknown = null;
    boolean any = false;
    for (String type : ConditionTypes.SUB_CONDITIONS) {
      Optional<Condition> c = find(conditions, type);
      if (c.isEmpty()) {
        continue;
      }
      any = true;
      if (ConditionStatus.FALSE.equals(c.get().status())) {
        return of(ConditionTypes.READY, ConditionStatus.FALSE, c.get().reason(), c.get().message());
      }
      if (!ConditionStatus.TRUE.equals(c.get().status()) && firstUnknown == null) {
        firstUnknown = c.get();
      }
    }
    if (firstUnknown != null) {
      return of(
          ConditionTypes.READY,
          ConditionStatus.UNKNOWN,
          firstUnknown.reason(),
          firstUnknown.message());
    }
    if (!any) {
      return of(
          ConditionTypes.READY,
          ConditionStatus.UNKNOWN,
          Reasons.DEPLOYING,
          "The function has not been reconciled yet.");
    }
    return of(ConditionTypes.READY, ConditionStatus.TRUE, Reasons.READY, readyMessage);
  }

  /** True when the list has Ready=True. */
  public static boolean isReady(List<Condition> conditions) {
    return find(conditions, ConditionTypes.READY)
        .map(c -> ConditionStatus.TRUE.equals(c.status()))
        .orElse(false);
  }

  /** Two condition lists say the same thing, ignoring times (used to skip no-op writes). */
  public static boolean sameMeaning(List<Condition> a, List<Condition> b) {
    List<Condition> x = a == null ? List.of() : a;
    List<Condition> y = b == null ? List.of() : b;
    if (x.size() != y.size()) {
      return false;
    }
    for (Condition c : x) {
      Optional<Condition> d = find(y, c.type());
      if (d.isEmpty()
          || !Objects.equals(c.status(), d.get().status())
          || !Objects.equals(c.reason(), d.get().reason())
          || !Objects.equals(c.message(), d.get().message())
          || !Objects.equals(c.observedGeneration(), d.get().observedGeneration())) {
        return false;
      }
    }
    return true;
  }

  private static Condition timed(Condition next, Condition previous, long generation, Instant now) {
    String time =
        previous != null
                && Objects.equals(previous.status(), next.status())
                && previous.lastTransitionTime() != null
            ? previous.lastTransitionTime()
            : now.truncatedTo(ChronoUnit.SECONDS).toString();
    return new Condition(
        next.type(), next.status(), next.reason(), next.message(), time, generation);
  }
}
