package com.zenith.functions.operator.dependent;

import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Conditions;
import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Condition;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.resources.ChildSettings;
import com.zenith.functions.operator.resources.EnvResolver;
import com.zenith.functions.operator.resources.InstrumentationResource;
import com.zenith.functions.operator.resources.KnativeServiceResource;
import com.zenith.functions.operator.resources.TriggerResource;
import com.zenith.functions.operator.status.ServiceConditions;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;

/**
 * Deploys the built image as the Knative Service {@code <fn>} once the Secrets and ConfigMaps its
 * env needs exist (read on demand), and reports ServiceReady from Knative's own Ready condition,
 * the image that actually serves, and TracingReady.
 */
public final class KnativeServiceStep {

  /**
   * What the step observed.
   *
   * @param condition ServiceReady
   * @param url the Service's URL as Knative reports it, or null
   * @param exists whether the Service exists (the Trigger needs it)
   * @param servingImage the image of the revision that serves, or null
   * @param tracing TracingReady, or null when auto-instrumentation is not asked
   */
  public record Outcome(
      Condition condition, String url, boolean exists, String servingImage, Condition tracing) {}

  private final ChildWriter<Service> writer;
  private final References references;
  private final InformerEventSource<Broker, Function> brokers;
  private final InstrumentationStep instrumentation;
  private final ChildSettings settings;

  /**
   * A step writing through {@code client} and reading from the caches.
   *
   * @param brokers the Broker cache, null without Knative Eventing
   * @param otelInstalled whether the OpenTelemetry operator's API is served
   */
  public KnativeServiceStep(
      KubernetesClient client,
      InformerEventSource<Service, Function> services,
      References references,
      InformerEventSource<Broker, Function> brokers,
      ChildSettings settings,
      boolean otelInstalled) {
    this.writer = new ChildWriter<>(client, services, KnativeServiceResource::overlay);
    this.references = references;
    this.brokers = brokers;
    this.instrumentation = new InstrumentationStep(client, settings, otelInstalled);
    this.settings = settings;
  }

  /** Deploys {@code imageDigest} (null when nothing was built yet). */
  public Outcome reconcile(Function fn, String imageDigest) {
    String ns = FunctionNames.namespace(fn);
    Service existing =
        writer.observed(FunctionNames.knativeService(fn.getMetadata().getName()), ns).orElse(null);
    String url =
        existing == null || existing.getStatus() == null ? null : existing.getStatus().getUrl();
    String serving =
        existing == null || fn.getStatus() == null ? null : fn.getStatus().imageDigest();
    if (imageDigest == null) {
      return new Outcome(
          ServiceConditions.waitingForBuild(), url, existing != null, serving, keptTracing(fn));
    }
    EnvResolver.Resolution env = EnvResolver.resolve(fn);
    if (!env.problems().isEmpty()) {
      return blocked(
          Reasons.INVALID_SPEC,
          FunctionMessages.invalidSpec(String.join("; ", env.problems())),
          url,
          existing,
          serving,
          fn);
    }
    for (EnvResolver.Reference ref : EnvResolver.requiredReferences(fn)) {
      if (ref.kind() == EnvResolver.Reference.Kind.SECRET
          && references.secret(ns, ref.name()).isEmpty()) {
        return blocked(
            Reasons.SECRET_NOT_FOUND,
            FunctionMessages.secretNotFound(ref.name(), ns),
            url,
            existing,
            serving,
            fn);
      }
      if (ref.kind() == EnvResolver.Reference.Kind.CONFIG_MAP
          && !references.configMapExists(ns, ref.name())) {
        return blocked(
            Reasons.CONFIG_MAP_NOT_FOUND,
            FunctionMessages.configMapNotFound(ref.name(), ns),
            url,
            existing,
            serving,
            fn);
      }
    }
    InstrumentationStep.Outcome tracing = instrumentation.ensure(fn);
    var extras = new KnativeServiceResource.Extras(sink(fn, ns), tracing.injectAgent());
    Service desired = KnativeServiceResource.desired(fn, imageDigest, env, settings, extras);
    Optional<Service> applied;
    try {
      applied = writer.apply(fn, desired);
    } catch (ChildRejectedException e) {
      return new Outcome(
          ServiceConditions.blocked(e.reason(), e.conditionMessage()),
          url,
          existing != null,
          serving,
          tracing.condition());
    }
    if (applied.isEmpty()) {
      return new Outcome(
          ServiceConditions.blocked(
              Reasons.NAME_CONFLICT,
              FunctionMessages.nameConflict(
                  "Knative Service", desired.getMetadata().getName(), ns)),
          url,
          existing != null,
          null,
          tracing.condition());
    }
    Service current = applied.get();
    String currentUrl = current.getStatus() == null ? null : current.getStatus().getUrl();
    var observed = ServiceConditions.observe(current, imageDigest, serving);
    return new Outcome(
        observed.condition(), currentUrl, true, observed.servingImage(), tracing.condition());
  }

  /** K_SINK: the address the Broker reports, else the multi-tenant ingress; null without one. */
  private String sink(Function fn, String ns) {
    String broker = TriggerResource.broker(fn);
    if (broker == null || brokers == null) {
      return null;
    }
    String address =
        brokers
            .get(new ResourceID(broker, ns))
            .map(Broker::getStatus)
            .map(s -> s.getAddress() == null ? null : s.getAddress().getUrl())
            .orElse(null);
    return FunctionNames.brokerIngressUrl(ns, broker, address);
  }

  private static Outcome blocked(
      String reason, String message, String url, Service existing, String serving, Function fn) {
    return new Outcome(
        ServiceConditions.blocked(reason, message),
        url,
        existing != null,
        serving,
        keptTracing(fn));
  }

  /** TracingReady as it was, when the step stopped before looking at tracing again. */
  private static Condition keptTracing(Function fn) {
    if (!InstrumentationResource.wanted(fn) || fn.getStatus() == null) {
      return null;
    }
    return Conditions.find(fn.getStatus().conditions(), ConditionTypes.TRACING_READY).orElse(null);
  }
}
