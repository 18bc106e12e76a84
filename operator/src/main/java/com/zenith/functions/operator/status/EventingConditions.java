package com.zenith.functions.operator.status;

import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Conditions;
import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.v1alpha1.Condition;
import io.fabric8.knative.eventing.v1.Trigger;

/** Pure mapping from what was observed of the Trigger to the EventingReady condition (W19). */
public final class EventingConditions {

  private EventingConditions() {}

  /** EventingReady from the Trigger's own Ready condition, at its current generation. */
  public static Condition fromTrigger(Trigger trigger) {
    var status = trigger.getStatus();
    var ready =
        status == null
            ? null
            : KnativeReadiness.ready(
                trigger.getMetadata().getGeneration(),
                status.getObservedGeneration(),
                status.getConditions());
    String name = trigger.getMetadata().getName();
    if (ready == null || ConditionStatus.UNKNOWN.equals(ready.getStatus())) {
      return of(
          ConditionStatus.UNKNOWN,
          Reasons.TRIGGER_NOT_READY,
          FunctionMessages.triggerNotReady(name, ready == null ? null : ready.getMessage()));
    }
    if (ConditionStatus.TRUE.equals(ready.getStatus())) {
      return of(
          ConditionStatus.TRUE,
          Reasons.READY,
          FunctionMessages.subscribed(trigger.getSpec().getBroker()));
    }
    String detail = KnativeReadiness.detail(ready);
    return of(
        ConditionStatus.FALSE,
        Reasons.TRIGGER_NOT_READY,
        FunctionMessages.triggerNotReady(name, detail));
  }

  /** EventingReady=Unknown: the Trigger waits for the service. */
  public static Condition waitingForService() {
    return of(
        ConditionStatus.UNKNOWN, Reasons.TRIGGER_NOT_READY, FunctionMessages.WAITING_FOR_SERVICE);
  }

  /** EventingReady=False for the reason given. */
  public static Condition blocked(String reason, String message) {
    return of(ConditionStatus.FALSE, reason, message);
  }

  private static Condition of(String status, String reason, String message) {
    return Conditions.of(ConditionTypes.EVENTING_READY, status, reason, message);
  }
}
