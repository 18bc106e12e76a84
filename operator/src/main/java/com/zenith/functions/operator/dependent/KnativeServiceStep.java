package com.zenith.functions.operator.dependent;

import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Condition;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.resources.ChildSettings;
import com.zenith.functions.operator.resources.EnvResolver;
import com.zenith.functions.operator.resources.KnativeServiceResource;
import com.zenith.functions.operator.status.ServiceConditions;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Deploys the built image as the Knative Service {@code <fn>} once the Secrets and ConfigMaps its
 * env needs exist (read from metadata-only caches, W15), and reports ServiceReady from Knative's
 * own Ready condition.
 */
public final class KnativeServiceStep {

  /**
   * What the step observed.
   *
   * @param condition ServiceReady
   * @param url the Service's URL as Knative reports it, or null
   * @param exists whether the Service exists (the Trigger needs it)
   */
  public record Outcome(Condition condition, String url, boolean exists) {}

  private final ChildWriter<Service> writer;
  private final InformerEventSource<Secret, Function> secrets;
  private final InformerEventSource<ConfigMap, Function> configMaps;
  private final InstrumentationStep instrumentation;
  private final ChildSettings settings;

  /** A step writing through {@code client} and reading from the caches. */
  public KnativeServiceStep(
      KubernetesClient client,
      InformerEventSource<Service, Function> services,
      InformerEventSource<Secret, Function> secrets,
      InformerEventSource<ConfigMap, Function> configMaps,
      ChildSettings settings) {
    this.writer = new ChildWriter<>(client, services, KnativeServiceResource::overlay);
    this.secrets = secrets;
    this.configMaps = configMaps;
    this.instrumentation = new InstrumentationStep(client, settings);
    this.settings = settings;
  }

  /** Deploys {@code imageDigest} (null when nothing was built yet). */
  public Outcome reconcile(Function fn, String imageDigest) {
    String ns = FunctionNames.namespace(fn);
    Service existing =
        writer.observed(FunctionNames.knativeService(fn.getMetadata().getName()), ns).orElse(null);
    String url =
        existing == null || existing.getStatus() == null ? null : existing.getStatus().getUrl();
    if (imageDigest == null) {
      return new Outcome(ServiceConditions.waitingForBuild(), url, existing != null);
    }
    EnvResolver.Resolution env = EnvResolver.resolve(fn);
    if (!env.problems().isEmpty()) {
      return blocked(
          Reasons.INVALID_SPEC,
          FunctionMessages.invalidSpec(String.join("; ", env.problems())),
          url,
          existing);
    }
    for (EnvResolver.Reference ref : EnvResolver.requiredReferences(fn)) {
      ResourceID id = new ResourceID(ref.name(), ns);
      if (ref.kind() == EnvResolver.Reference.Kind.SECRET && secrets.get(id).isEmpty()) {
        return blocked(
            Reasons.SECRET_NOT_FOUND,
            FunctionMessages.secretNotFound(ref.name(), ns),
            url,
            existing);
      }
      if (ref.kind() == EnvResolver.Reference.Kind.CONFIG_MAP && configMaps.get(id).isEmpty()) {
        return blocked(
            Reasons.CONFIG_MAP_NOT_FOUND,
            FunctionMessages.configMapNotFound(ref.name(), ns),
            url,
            existing);
      }
    }
    String instrumentationProblem = instrumentation.ensure(fn);
    if (instrumentationProblem != null) {
      return blocked(
          Reasons.INSTRUMENTATION_FAILED,
          FunctionMessages.instrumentationFailed(instrumentationProblem),
          url,
          existing);
    }
    Service desired = KnativeServiceResource.desired(fn, imageDigest, env, settings);
    java.util.Optional<Service> applied;
    try {
      applied = writer.apply(fn, desired);
    } catch (ChildRejectedException e) {
      return blocked(
          Reasons.INVALID_SPEC, FunctionMessages.invalidSpec(e.getMessage()), url, existing);
    }
    if (applied.isEmpty()) {
      return blocked(
          Reasons.NAME_CONFLICT,
          FunctionMessages.nameConflict("Knative Service", desired.getMetadata().getName(), ns),
          url,
          existing);
    }
    Service current = applied.get();
    String currentUrl = current.getStatus() == null ? null : current.getStatus().getUrl();
    return new Outcome(ServiceConditions.fromService(current, imageDigest), currentUrl, true);
  }

  private static Outcome blocked(String reason, String message, String url, Service existing) {
    return new Outcome(ServiceConditions.blocked(reason, message), url, existing != null);
  }
}
