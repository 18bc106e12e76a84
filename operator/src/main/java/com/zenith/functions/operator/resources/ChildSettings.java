package com.zenith.functions.operator.resources;

import java.util.List;

/**
 * Operator-wide settings that shape child objects, read once at start-up (from the environment in
 * production, set directly in tests). Nothing here is hard-coded in the builders (W9).
 *
 * @param builderImage the Cloud Native Buildpacks builder image; part of a build's identity
 * @param tasksNamespace namespace of the cluster-wide Tekton Tasks (resolved with Tekton's cluster
 *     resolver); empty means the Tasks are looked up by name in the Function's namespace
 * @param gitCloneTask name of the git clone Task
 * @param buildpacksTask name of the buildpacks Task
 * @param workspaceSize size of the volume a build clones into
 * @param storageClass storage class of that volume, empty for the cluster default
 * @param insecureRegistries registries (host[:port]) reached without TLS; only a build pushing to
 *     one of them gets CNB_INSECURE_REGISTRIES, and only that registry (W10)
 * @param otelEndpoint OTLP endpoint put in OTEL_EXPORTER_OTLP_ENDPOINT when tracing is enabled
 * @param daprTracingConfig Dapr Configuration named by {@code dapr.io/config} when tracing is
 *     enabled; empty leaves the annotation out
 * @param buildHistory how many finished builds of a Function are kept
 */
public record ChildSettings(
    String builderImage,
    String tasksNamespace,
    String gitCloneTask,
    String buildpacksTask,
    String workspaceSize,
    String storageClass,
    List<String> insecureRegistries,
    String otelEndpoint,
    String daprTracingConfig,
    int buildHistory) {

  /** The defaults, as documented in docs/operator.md and the chart's values.yaml. */
  public static ChildSettings defaults() {
    return new ChildSettings(
        "paketobuildpacks/builder-jammy-base:latest",
        "zenith-system",
        "git-clone",
        "buildpacks-phases",
        "1Gi",
        "",
        List.of(),
        "http://otel-collector-collector.opentelemetry-operator-system.svc.cluster.local:4318",
        "tracing-config",
        3);
  }

  /** A copy with another tasks namespace (empty: namespace-local Tasks). */
  public ChildSettings withTasksNamespace(String namespace) {
    return new ChildSettings(
        builderImage,
        namespace,
        gitCloneTask,
        buildpacksTask,
        workspaceSize,
        storageClass,
        insecureRegistries,
        otelEndpoint,
        daprTracingConfig,
        buildHistory);
  }

  /** A copy with another list of insecure registries. */
  public ChildSettings withInsecureRegistries(List<String> registries) {
    return new ChildSettings(
        builderImage,
        tasksNamespace,
        gitCloneTask,
        buildpacksTask,
        workspaceSize,
        storageClass,
        List.copyOf(registries),
        otelEndpoint,
        daprTracingConfig,
        buildHistory);
  }
}
