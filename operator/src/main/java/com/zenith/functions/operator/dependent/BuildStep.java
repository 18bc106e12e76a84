package com.zenith.functions.operator.dependent;

import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Conditions;
import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.naming.BuildIdentity;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.BuildStatus;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.git.GitRevisionTracker;
import com.zenith.functions.operator.resources.ChildMetadata;
import com.zenith.functions.operator.resources.ChildSettings;
import com.zenith.functions.operator.resources.PipelineRunResource;
import com.zenith.functions.operator.status.BuildConditions;
import com.zenith.functions.operator.status.GitSecretCheck;
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
 * built (W3), including the commit a moving revision resolved to (so a branch that moves is built
 * again), reads its outcome, and prunes old builds to a short history. The git Secret is only read
 * when a build has to start, so deleting it later does not break a running function (W6).
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
  private final References references;
  private final GitRevisionTracker revisions;
  private final ChildWriter<PipelineRun> writer;
  private final ChildSettings settings;

  /** A step writing through {@code client}, reading builds from the cache. */
  public BuildStep(
      KubernetesClient client,
      InformerEventSource<PipelineRun, Function> runs,
      References references,
      GitRevisionTracker revisions,
      ChildSettings settings) {
    this.client = client;
    this.runs = runs;
    this.references = references;
    this.revisions = revisions;
    // A PipelineRun is never updated: a different build is a different name.
    this.writer = new ChildWriter<>(client, runs, (observed, desired) -> observed);
    this.settings = settings;
  }

  /**
   * The build outcome for the current spec.
   *
   * @param fn the Function
   * @param serviceAccount what became of {@code <fn>-sa}
   */
  public BuildConditions.Outcome reconcile(Function fn, ServiceAccountStep.Result serviceAccount) {
    String ns = FunctionNames.namespace(fn);
    BuildStatus previous = fn.getStatus() == null ? null : fn.getStatus().build();
    GitRevisionTracker.State revision = revisions.state(fn);
    if (revision instanceof GitRevisionTracker.Pending) {
      return pending(fn, previous);
    }
    String commit = revision instanceof GitRevisionTracker.Resolved r ? r.commit() : null;
    String name = PipelineRunResource.name(fn, settings, commit);
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
    if (previous != null && previous.digest() != null && builtAlready(fn, name, commit, previous)) {
      return BuildConditions.succeeded(previous); // built before; its run was pruned or deleted
    }
    if (!serviceAccount.ok()) {
      return BuildConditions.blocked(serviceAccount.reason(), serviceAccount.message(), previous);
    }
    String gitSecret = fn.getSpec().gitAuthSecretName();
    if (gitSecret != null && !gitSecret.isEmpty()) {
      Secret secret = references.secret(ns, gitSecret).orElse(null);
      if (secret == null) {
        return BuildConditions.blocked(
            Reasons.GIT_AUTH_MISSING, FunctionMessages.gitAuthMissing(gitSecret, ns), previous);
      }
      var unusable = GitSecretCheck.problem(secret, fn.getSpec().gitRepo());
      if (unusable.isPresent()) {
        return BuildConditions.blocked(Reasons.GIT_AUTH_UNUSABLE, unusable.get(), previous);
      }
    }
    PipelineRun desired = PipelineRunResource.desired(fn, settings, commit);
    try {
      if (writer.apply(fn, desired).isEmpty()) {
        return conflict("PipelineRun", name, ns, previous);
      }
    } catch (ChildRejectedException e) {
      return BuildConditions.blocked(e.reason(), e.conditionMessage(), previous);
    }
    return BuildConditions.building(
        name, PipelineRunResource.identity(fn, settings, commit).gitRevision(), commit, previous);
  }

  /**
   * True when the recorded build is the one asked for: the same name, or (for a revision that has
   * now been resolved) the unresolved build of the same spec that turned out to clone that commit.
   */
  private boolean builtAlready(Function fn, String name, String commit, BuildStatus previous) {
    if (name.equals(previous.name())) {
      return true;
    }
    return commit != null
        && commit.equals(previous.commit())
        && PipelineRunResource.name(fn, settings, null).equals(previous.name());
  }

  /**
   * The first resolution of a moving revision has not finished (after a start, for a second or so):
   * nothing new is known, so the build condition stays as it was for this generation, or says that
   * the revision is being resolved.
   */
  private static BuildConditions.Outcome pending(Function fn, BuildStatus previous) {
    var status = fn.getStatus();
    if (status != null
        && java.util.Objects.equals(
            status.observedGeneration(), fn.getMetadata().getGeneration())) {
      var kept = Conditions.find(status.conditions(), ConditionTypes.BUILD_SUCCEEDED);
      if (kept.isPresent()) {
        return new BuildConditions.Outcome(kept.get(), previous);
      }
    }
    var id = BuildIdentity.of(fn, "");
    return new BuildConditions.Outcome(
        Conditions.of(
            ConditionTypes.BUILD_SUCCEEDED,
            ConditionStatus.UNKNOWN,
            Reasons.BUILDING,
            FunctionMessages.resolvingRevision(id.gitRevision(), id.gitRepo())),
        previous);
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
    // The runs indexed under this Function by their owner reference, not a scan of the namespace:
    // a scan made every reconcile O(Functions in the namespace) (the 5,000-Function benchmark).
    List<PipelineRun> old =
        runs.getSecondaryResources(fn).stream()
            .filter(pr -> ChildMetadata.isOwnedBy(pr, fn))
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
