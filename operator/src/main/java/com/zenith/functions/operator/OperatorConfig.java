package com.zenith.functions.operator;

import com.zenith.functions.operator.resources.ChildSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's configuration, read from environment variables (the Helm chart sets them; names
 * and defaults are listed in docs/operator.md).
 *
 * @param children settings that shape child objects
 * @param runtime settings of the operator's own loops (git polling, webhook, rechecks)
 * @param namespaces namespaces to watch; empty means all
 * @param leaderElection whether to take a Lease before reconciling
 * @param leaseNamespace namespace of the Lease (the operator's own)
 * @param httpPort port of /healthz, /readyz and /metrics
 */
public record OperatorConfig(
    ChildSettings children,
    RuntimeSettings runtime,
    Set<String> namespaces,
    boolean leaderElection,
    String leaseNamespace,
    int httpPort) {

  /** Name of the leader-election Lease. */
  public static final String LEASE_NAME = "zenith-operator-leader";

  /** Reads the configuration from {@code env}, with documented defaults for what is unset. */
  public static OperatorConfig fromEnv(Map<String, String> env) {
    ChildSettings d = ChildSettings.defaults();
    ChildSettings children =
        new ChildSettings(
            env.getOrDefault("ZENITH_BUILDER_IMAGE", d.builderImage()),
            env.getOrDefault("ZENITH_RUN_IMAGE", d.runImage()),
            fsGroup(env.get("ZENITH_BUILD_FS_GROUP"), d.fsGroup()),
            env.getOrDefault("ZENITH_TASKS_NAMESPACE", d.tasksNamespace()),
            env.getOrDefault("ZENITH_GIT_CLONE_TASK", d.gitCloneTask()),
            env.getOrDefault("ZENITH_BUILDPACKS_TASK", d.buildpacksTask()),
            env.getOrDefault("ZENITH_BUILD_WORKSPACE_SIZE", d.workspaceSize()),
            env.getOrDefault("ZENITH_BUILD_STORAGE_CLASS", d.storageClass()),
            list(env.get("ZENITH_INSECURE_REGISTRIES")),
            env.getOrDefault("ZENITH_OTEL_ENDPOINT", d.otelEndpoint()),
            env.getOrDefault("ZENITH_DAPR_TRACING_CONFIG", d.daprTracingConfig()),
            Integer.parseInt(
                env.getOrDefault("ZENITH_BUILD_HISTORY", String.valueOf(d.buildHistory()))));
    RuntimeSettings r = RuntimeSettings.defaults();
    RuntimeSettings runtime =
        new RuntimeSettings(
            duration(env, "ZENITH_GIT_POLL_INTERVAL", r.gitPollInterval()),
            env.getOrDefault("ZENITH_WEBHOOK_SECRET", r.webhookSecret()),
            duration(env, "ZENITH_RECHECK_INTERVAL", r.recheckInterval()));
    return new OperatorConfig(
        children,
        runtime,
        Set.copyOf(list(env.get("ZENITH_WATCH_NAMESPACES"))),
        Boolean.parseBoolean(env.getOrDefault("ZENITH_LEADER_ELECTION", "false")),
        env.getOrDefault("POD_NAMESPACE", "zenith-system"),
        Integer.parseInt(env.getOrDefault("ZENITH_HTTP_PORT", "8081")));
  }

  /** Unset: the default; empty: none (the platform assigns one); else a group id. */
  private static Long fsGroup(String value, Long fallback) {
    if (value == null) {
      return fallback;
    }
    if (value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "ZENITH_BUILD_FS_GROUP must be a group id (a number) or empty, not '" + value + "'");
    }
  }

  private static java.time.Duration duration(
      Map<String, String> env, String name, java.time.Duration fallback) {
    String value = env.get(name);
    return value == null || value.isBlank()
        ? fallback
        : com.zenith.functions.api.schedule.Intervals.parse(name, value);
  }

  private static List<String> list(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toList());
  }
}
