package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** How the function runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"env", "envFrom", "dapr", "scale", "visibility", "timeoutSeconds"})
public record DeploySpec(
    @JsonPropertyDescription(
            "Environment variables of the function's container, as in a Kubernetes container.")
        @Size(max = 512)
        List<EnvVar> env,
    @JsonPropertyDescription("Secrets and ConfigMaps whose keys all become environment variables.")
        @Size(max = 64)
        List<EnvFromSource> envFrom,
    @JsonPropertyDescription("Run a Dapr sidecar next to the function.") DaprSpec dapr,
    @JsonPropertyDescription("Bounds on the number of instances.") ScaleSpec scale,
    @JsonPropertyDescription(
            "cluster-local: reachable inside the cluster only, at"
                + " http://<name>.<namespace>.svc.cluster.local; external: also reachable at"
                + " http://<name>.<namespace>.<domain>.")
        @Default("cluster-local")
        Visibility visibility,
    @JsonPropertyDescription(
            "Longest time in seconds one request may take, end to end, before the caller gets 504"
                + " and the call to the function is cancelled; Knative's revision timeoutSeconds."
                + " Also bounds how long a replaced revision may finish its requests in flight."
                + " Unset: the Knative Service's own value (Knative's default is 300; zenith dev"
                + " uses 300).")
        @Min(1)
        @Max(3600)
        Integer timeoutSeconds) {

  /** Knative's default request timeout, used when {@code timeoutSeconds} is not set. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 300;

  /** A deploy spec without a request timeout (the cluster's default applies). */
  public DeploySpec(
      List<EnvVar> env,
      List<EnvFromSource> envFrom,
      DaprSpec dapr,
      ScaleSpec scale,
      Visibility visibility) {
    this(env, envFrom, dapr, scale, visibility, null);
  }
}
