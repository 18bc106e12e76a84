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
   * ServiceReady and the image that serves traffic.
   *
   * @param condition ServiceReady
   * @param servingImage the image of the revision Knative routes to, or null when none serves
   */
  public record Serving(Condition condition, String servingImage) {}

  /**
   * ServiceReady and the serving image, from the Service we just applied with {@code imageDigest}.
   * Knative routes to its latest <em>ready</em> revision, so while a new revision rolls out, or
   * after it failed, the previous one (and image) still serves; the status says so instead of
   * naming the new image as if it ran.
   *
   * @param previousServing the serving image recorded in the status so far, or null
   */
  public static Serving observe(Service ksvc, String imageDigest, String previousServing) {
    Condition condition = fromService(ksvc, imageDigest);
    var status = ksvc.getStatus();
    String latestReady = status == null ? null : status.getLatestReadyRevisionName();
    String latestCreated = status == null ? null : status.getLatestCreatedRevisionName();
    if (ConditionStatus.TRUE.equals(condition.status())) {
      return new Serving(condition, imageDigest);
    }
    String serving = latestReady == null ? null : previousServing;
    if (ConditionStatus.FALSE.equals(condition.status())
        && latestReady != null
        && latestCreated != null
        && !latestReady.equals(latestCreated)) {
      var ready =
          KnativeReadiness.ready(
              ksvc.getMetadata().getGeneration(),
              status.getObservedGeneration(),
              status.getConditions());
      condition =
          of(
              ConditionStatus.FALSE,
              Reasons.REVISION_FAILED,
              FunctionMessages.revisionFailed(
                  latestCreated,
                  ready == null ? null : KnativeReadiness.detail(ready),
                  latestReady,
                  serving));
    }
    return new Serving(condition, serving);
  }

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
