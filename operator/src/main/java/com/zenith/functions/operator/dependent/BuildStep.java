package com.zenith.functions.operator.dependent;

import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.BuildStatus;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.resources.ChildMetadata;
import com.zenith.functions.operator.resources.ChildSettings;
import com.zenith.functions.operator.resources.PipelineRunResource;
import com.zenith.functions.operator.status.BuildConditions;
import com.zenith.functions.operator.tekton.PipelineRun;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the image for the current spec: finds or starts the PipelineRun whose name encodes what is
 * built (W3), reads its outcome, and prunes old builds to a short history. The git Secret is only
 * required when a build has to start, so deleting it later does not break a running function (W6).
 */
public final class BuildStep {

  private static final ResourceDefinitionContext TASK_RUNS =
      new ResourceDefinitionContext.Builder()
          .withGroup(PipelineRun.GROUP)
          .withVersion(PipelineRun.VERSION)
          .withKind("TaskRun")
          .withPlural("taskruns")
          .withNamespaced(true)
          .build();

  private final KubernetesClient client;
  private final InformerEventSource<PipelineRun, Function> runs;
  private final InformerEventSource<Secret, Function> secrets;
  private final ChildWriter<PipelineRun> writer;
  private final ChildSettings settings;

  /** A step writing through {@code client}, reading builds and Secrets from the caches. */
  public BuildStep(
      KubernetesClient client,
      InformerEventSource<PipelineRun, Function> runs,
      InformerEventSource<Secret, Function> secrets,
      ChildSettings settings) {
    this.client = client;
    this.runs = runs;
    this.secrets = secrets;
    // A PipelineRun is never updated: a different build is a different name.
    this.writer = new ChildWriter<>(client, runs, (observed, desired) -> observed);
    this.settings = settings;
  }

  /**
   * The build outcome for the current spec.
   *
   * @param fn the Function
   * @param serviceAccountOk false when {@code <fn>-sa} belongs to someone else
   */
  public BuildConditions.Outcome reconcile(Function fn, boolean serviceAccountOk) {
    String ns = FunctionNames.namespace(fn);
    String name = PipelineRunResource.name(fn, settings);
    BuildStatus previous = fn.getStatus() == null ? null : fn.getStatus().build();
    PipelineRun observed = runs.get(new ResourceID(name, ns)).orElse(null);
    if (observed != null) {
      if (!ChildMetadata.isOwnedBy(observed, fn)) {
        return conflict("PipelineRun", name, ns, previous);
      }
      BuildConditions.Outcome outcome =
          BuildConditions.fromPipelineRun(observed, failedStep(observed), previous);
      if (!"Unknown".equals(outcome.condition().status())) {
        prune(fn, name, outcome.build());
      }
      return outcome;
    }
    if (previous != null && name.equals(previous.name()) && previous.digest() != null) {
      return BuildConditions.succeeded(previous); // built before; its run was pruned or deleted
    }
    if (!serviceAccountOk) {
      return conflict(
          "ServiceAccount", FunctionNames.serviceAccount(fn.getMetadata().getName()), ns, previous);
    }
    String gitSecret = fn.getSpec().gitAuthSecretName();
    if (gitSecret != null
        && !gitSecret.isEmpty()
        && secrets.get(new ResourceID(gitSecret, ns)).isEmpty()) {
      return BuildConditions.blocked(
          Reasons.GIT_AUTH_MISSING, FunctionMessages.gitAuthMissing(gitSecret, ns), previous);
    }
    PipelineRun desired = PipelineRunResource.desired(fn, settings);
    try {
      if (writer.apply(fn, desired).isEmpty()) {
        return conflict("PipelineRun", name, ns, previous);
      }
    } catch (ChildRejectedException e) {
      return BuildConditions.blocked(
          Reasons.INVALID_SPEC, FunctionMessages.invalidSpec(e.getMessage()), previous);
    }
    return BuildConditions.building(
        name, PipelineRunResource.identity(fn, settings).gitRevision(), previous);
  }

  private BuildConditions.Outcome conflict(
      String kind, String name, String ns, BuildStatus previous) {
    return BuildConditions.blocked(
        Reasons.NAME_CONFLICT, FunctionMessages.nameConflict(kind, name, ns), previous);
  }

  /** The failing step of a failed run, read from its TaskRuns (only fetched on failure). */
  private BuildConditions.FailedStep failedStep(PipelineRun run) {
    var status = run.getStatus();
    if (status == null
        || status.conditions() == null
        || status.conditions().stream()
            .noneMatch(c -> "Succeeded".equals(c.getType()) && "False".equals(c.getStatus()))
        || status.childReferences() == null) {
      return null;
    }
    List<Map<String, Object>> taskRuns = new ArrayList<>();
    Map<String, String> taskNames = new HashMap<>();
    for (var ref : status.childReferences()) {
      if (!"TaskRun".equals(ref.kind())) {
        continue;
      }
      taskNames.put(ref.name(), Objects.requireNonNullElse(ref.pipelineTaskName(), ref.name()));
      GenericKubernetesResource tr =
          client
              .genericKubernetesResources(TASK_RUNS)
              .inNamespace(run.getMetadata().getNamespace())
              .withName(ref.name())
              .get();
      if (tr != null) {
        Map<String, Object> asMap = new HashMap<>(tr.getAdditionalProperties());
        asMap.put("metadata", Map.of("name", ref.name()));
        taskRuns.add(asMap);
      }
    }
    return BuildConditions.failedStep(taskRuns, taskNames);
  }

  /** Deletes all but the newest finished builds; never the current one or the one running. */
  private void prune(Function fn, String current, BuildStatus running) {
    String ns = FunctionNames.namespace(fn);
    List<PipelineRun> old =
        runs.list(ns, pr -> ChildMetadata.isOwnedBy(pr, fn))
            .sorted(
                Comparator.comparing(
                        (PipelineRun pr) ->
                            Objects.requireNonNullElse(pr.getMetadata().getCreationTimestamp(), ""))
                    .reversed())
            .toList();
    int kept = 0;
    for (PipelineRun pr : old) {
      String n = pr.getMetadata().getName();
      boolean protectedRun = n.equals(current) || (running != null && n.equals(running.name()));
      if (protectedRun || kept < settings.buildHistory() - 1) {
        if (!protectedRun) {
          kept++;
        }
        continue;
      }
      client.resource(pr).delete();
    }
  }
}
