package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** How the function runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"env", "envFrom", "dapr", "scale", "visibility"})
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
        Visibility visibility) {}
