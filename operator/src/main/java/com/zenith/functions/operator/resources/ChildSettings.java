package com.zenith.functions.operator.resources;

import java.util.List;

/**
 * Operator-wide settings that shape child objects, read once at start-up (from the environment in
 * production, set directly in tests). Nothing here is hard-coded in the builders (W9).
 *
 * @param builderImage the Cloud Native Buildpacks builder image; part of a build's identity
 * @param runImage the run image the app image is based on; empty lets the builder choose
 * @param fsGroup the fsGroup of every build pod, so the clone user and the builder's user can both
 *     write the workspace volume (D1); null leaves it to the platform
 * @param tasksNamespace namespace of the Tekton Tasks (resolved with Tekton's cluster resolver);
 *     empty means the Tasks are looked up by name in the Function's namespace
 * @param gitCloneTask name of the git clone Task (the chart's {@code zenith-git-clone-v1})
 * @param buildpacksTask name of the buildpacks Task (the chart's {@code zenith-buildpacks-v1})
 * @param workspaceSize size of the volume a build clones into
 * @param storageClass storage class of that volume, empty for the cluster default
 * @param insecureRegistries registries (host[:port]) reached without TLS; only a build pushing to
 *     one of them gets INSECURE_REGISTRIES, and only that registry (W10)
 * @param otelEndpoint OTLP endpoint put in OTEL_EXPORTER_OTLP_ENDPOINT when tracing is enabled
 * @param daprTracingConfig Dapr Configuration named by {@code dapr.io/config} when tracing is
 *     enabled; empty leaves the annotation out
 * @param buildHistory how many finished builds of a Function are kept
 */
public record ChildSettings(
    String builderImage,
    String runImage,
    Long fsGroup,
    String tasksNamespace,
    String gitCloneTask,
    String buildpacksTask,
    String workspaceSize,
    String storageClass,
    List<String> insecureRegistries,
    String otelEndpoint,
    String daprTracingConfig,
    int buildHistory) {

  /** Name of the chart's clone Task; the suffix is the version of its interface. */
  public static final String CHART_GIT_CLONE_TASK = "zenith-git-clone-v1";

  /** Name of the chart's buildpacks Task; the suffix is the version of its interface. */
  public static final String CHART_BUILDPACKS_TASK = "zenith-buildpacks-v1";

  /** The defaults, as documented in docs/operator.md and the chart's values.yaml. */
  public static ChildSettings defaults() {
    return new ChildSettings(
        "paketobuildpacks/builder-jammy-base@sha256:"
            + "aadea5426b08ec201d62a74ac46b61c0452b9bd139806f071e4a81e362a43d83",
        "paketobuildpacks/run-jammy-base@sha256:"
            + "03a974a6e7b563878429117943f14139ff29f0f3d02aa7e3d3ab0ae862908168",
        65532L,
        "zenith-system",
        CHART_GIT_CLONE_TASK,
        CHART_BUILDPACKS_TASK,
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
        runImage,
        fsGroup,
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
        runImage,
        fsGroup,
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
