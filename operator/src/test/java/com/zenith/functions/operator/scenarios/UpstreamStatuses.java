package com.zenith.functions.operator.scenarios;

import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.operator.tekton.PipelineRunStatus;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceStatus;
import java.util.List;

/**
 * The statuses Tekton and Knative write, in the shapes of their v1 types (PipelineRunStatus with
 * results; serving.knative.dev/v1 ServiceStatus with ConfigurationStatusFields), for the scenarios
 * and the benchmark's simulated controllers.
 */
final class UpstreamStatuses {

  private UpstreamStatuses() {}

  /** Tekton's status of a run that cloned {@code commit} and pushed {@code digest} (or none). */
  static PipelineRunStatus succeeded(String digest, String commit) {
    List<PipelineRunStatus.Result> results =
        digest == null
            ? List.of(new PipelineRunStatus.Result("COMMIT", commit))
            : List.of(
                new PipelineRunStatus.Result("APP_IMAGE_DIGEST", digest + "\n"),
                new PipelineRunStatus.Result("COMMIT", commit));
    return new PipelineRunStatus(
        List.of(tektonCondition("True", "Succeeded", "Tasks Completed: 2")), results, null);
  }

  /** Tekton's {@code Succeeded} condition. */
  static io.fabric8.kubernetes.api.model.Condition tektonCondition(
      String status, String reason, String message) {
    return new io.fabric8.kubernetes.api.model.ConditionBuilder()
        .withType("Succeeded")
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  /**
   * Knative's status of this Service reconciled at its generation and Ready: as Knative does, its
   * latest created revision ({@code <name>-0000<generation>}) is also the latest ready one.
   */
  static ServiceStatus readyService(Service s) {
    String revision =
        String.format("%s-%05d", s.getMetadata().getName(), s.getMetadata().getGeneration());
    return service(s, "True", null, null, revision, revision);
  }

  /** Knative's status of this Service at its generation, with these revisions (or none). */
  static ServiceStatus service(
      Service s,
      String ready,
      String reason,
      String message,
      String latestCreated,
      String latestReady) {
    String ns = s.getMetadata().getNamespace();
    String name = s.getMetadata().getName();
    ServiceStatus st = new ServiceStatus();
    st.setObservedGeneration(s.getMetadata().getGeneration());
    st.setUrl(
        s.getMetadata().getLabels().containsKey(FunctionNames.VISIBILITY_LABEL)
            ? FunctionNames.internalUrl(name, ns)
            : FunctionNames.externalUrl(name, ns, "example.com"));
    st.setConditions(List.of(knativeCondition(ready, reason, message)));
    st.setLatestCreatedRevisionName(latestCreated);
    st.setLatestReadyRevisionName(latestReady);
    if (latestReady != null) {
      var traffic = new io.fabric8.knative.serving.v1.TrafficTarget();
      traffic.setRevisionName(latestReady);
      traffic.setLatestRevision(true);
      traffic.setPercent(100L);
      st.setTraffic(List.of(traffic));
    }
    return st;
  }

  /** Knative's {@code Ready} condition. */
  static io.fabric8.knative.pkg.apis.Condition knativeCondition(
      String status, String reason, String message) {
    var c = new io.fabric8.knative.pkg.apis.Condition();
    c.setType("Ready");
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(message);
    return c;
  }
}
