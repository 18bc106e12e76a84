package com.zenith.functions.operator.status;

import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Conditions;
import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.v1alpha1.Condition;
import io.fabric8.knative.serving.v1.Service;

/** Pure mapping from what was observed of the Knative Service to the ServiceReady condition. */
public final class ServiceConditions {

  private ServiceConditions() {}

  /**
   * ServiceReady from the Knative Service, which Knative must have reconciled at its generation.
   */
  public static Condition fromService(Service ksvc, String imageDigest) {
    var status = ksvc.getStatus();
    var ready =
        status == null
            ? null
            : KnativeReadiness.ready(
                ksvc.getMetadata().getGeneration(),
                status.getObservedGeneration(),
                status.getConditions());
    if (ready == null || ConditionStatus.UNKNOWN.equals(ready.getStatus())) {
      return of(
          ConditionStatus.UNKNOWN, Reasons.DEPLOYING, FunctionMessages.deploying(imageDigest));
    }
    if (ConditionStatus.TRUE.equals(ready.getStatus())) {
      return of(
          ConditionStatus.TRUE, Reasons.READY, FunctionMessages.serviceReady(status.getUrl()));
    }
    String detail = KnativeReadiness.detail(ready);
    return of(
        ConditionStatus.FALSE, Reasons.SERVICE_NOT_READY, FunctionMessages.serviceNotReady(detail));
  }

  /** ServiceReady=Unknown: no image to run yet. */
  public static Condition waitingForBuild() {
    return of(ConditionStatus.UNKNOWN, Reasons.DEPLOYING, FunctionMessages.WAITING_FOR_BUILD);
  }

  /** ServiceReady=False: the service cannot be deployed for the reason given. */
  public static Condition blocked(String reason, String message) {
    return of(ConditionStatus.FALSE, reason, message);
  }

  private static Condition of(String status, String reason, String message) {
    return Conditions.of(ConditionTypes.SERVICE_READY, status, reason, message);
  }
}
