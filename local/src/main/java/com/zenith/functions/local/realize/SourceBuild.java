package com.zenith.functions.local.realize;

import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.naming.BuildIdentity;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.BuildStatus;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.local.build.BuildPlan;
import com.zenith.functions.local.build.Builder;
import com.zenith.functions.local.process.LogSink;
import com.zenith.functions.local.source.ResolvedSource;
import com.zenith.functions.local.status.FunctionState;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The local twin of the operator's build step: resolves a Function's source and builds it with the
 * toolchain a buildpack would pick, writing BuildSucceeded as the cluster does.
 */
final class SourceBuild {
  /** A successful build: how to run it, and from what. */
  record Built(List<String> run, Path dir, ResolvedSource source, boolean cached, String hash) {}

  private final RunnerSettings settings;
  private final FunctionState state;
  private final LogSink log;

  SourceBuild(RunnerSettings settings, FunctionState state, LogSink log) {
    this.settings = settings;
    this.state = state;
    this.log = log;
  }

  /**
   * Resolves and builds; null when that failed (the condition says why). {@code secrets} are the
   * namespace's, where a git Secret is looked up.
   */
  Built run(Function fn, Path manifest, long generation, List<Secret> secrets)
      throws InterruptedException {
    String name = fn.getMetadata().getName();
    String ns = FunctionNames.namespace(fn);
    ResolvedSource source;
    try {
      source = settings.sources().resolve(fn, manifest, secrets);
    } catch (IOException e) {
      state.set(
          ConditionTypes.BUILD_SUCCEEDED,
          ConditionStatus.FALSE,
          Reasons.SOURCE_UNAVAILABLE,
          e.getMessage());
      return null;
    }
    state.set(
        ConditionTypes.BUILD_SUCCEEDED,
        ConditionStatus.UNKNOWN,
        Reasons.BUILDING,
        "Building " + source.directory() + ".");
    Path out = settings.buildDir().resolve(ns + "-" + name);
    Path buildLog = settings.logDir().resolve(ns).resolve(name + "-build.log");
    try {
      BuildPlan plan = settings.detector().detect(source.directory(), out);
      log.line("building (" + plan.toolchain() + ") in " + source.directory());
      long t0 = System.nanoTime();
      Builder.Outcome outcome = settings.builder().build(plan, out, buildLog, log::line);
      if (!outcome.ok()) {
        String tail = String.join("\n", outcome.tail());
        log.line("build failed; last lines of " + buildLog + ":");
        outcome.tail().forEach(l -> log.line("  " + l));
        state.set(
            ConditionTypes.BUILD_SUCCEEDED,
            ConditionStatus.FALSE,
            Reasons.BUILD_FAILED,
            FunctionMessages.buildFailed(plan.toolchain(), "see " + buildLog + "\n" + tail));
        return null;
      }
      String how =
          outcome.cached()
              ? "cache hit, not rebuilt"
              : String.format("built in %.1f s", (System.nanoTime() - t0) / 1e9);
      log.line(how);
      BuildIdentity id = BuildIdentity.of(fn, "local-" + plan.toolchain());
      state.build(
          new BuildStatus(
              FunctionNames.build(name, id),
              fn.getSpec().gitRepo(),
              id.gitRevision(),
              source.commit(),
              fn.getSpec().build() == null ? null : fn.getSpec().build().image(),
              outcome.hash() == null ? null : "sha256:" + outcome.hash(),
              generation));
      var service = state.condition(ConditionTypes.SERVICE_READY);
      if (service == null || !ConditionStatus.TRUE.equals(service.status())) {
        // Said before BuildSucceeded turns True, so that Ready's next reason reads right.
        state.set(
            ConditionTypes.SERVICE_READY,
            ConditionStatus.UNKNOWN,
            Reasons.DEPLOYING,
            "Built; starting a new revision.");
      }
      state.set(
          ConditionTypes.BUILD_SUCCEEDED,
          ConditionStatus.TRUE,
          Reasons.BUILD_SUCCEEDED,
          "Built "
              + plan.toolchain()
              + " source "
              + (source.commit() != null ? "at commit " + source.commit() : source.directory())
              + " ("
              + how
              + ").");
      return new Built(outcome.run(), plan.sourceDir(), source, outcome.cached(), outcome.hash());
    } catch (IOException e) {
      state.set(
          ConditionTypes.BUILD_SUCCEEDED,
          ConditionStatus.FALSE,
          Reasons.BUILD_FAILED,
          e.getMessage());
      return null;
    }
  }
}
