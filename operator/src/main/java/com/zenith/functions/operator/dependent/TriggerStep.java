package com.zenith.functions.operator.dependent;

import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Condition;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.resources.ChildMetadata;
import com.zenith.functions.operator.resources.TriggerResource;
import com.zenith.functions.operator.status.EventingConditions;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Subscribes the function to its broker with the Trigger {@code <fn>-trigger}: created once the
 * Broker and the Service exist, re-created when the broker changes (W8), deleted when eventing is
 * removed (only if ours, W13), and reported from the Trigger's own readiness (W19).
 */
public final class TriggerStep {

  private final KubernetesClient client;
  private final ChildWriter<Trigger> writer;
  private final InformerEventSource<Broker, Function> brokers;

  /**
   * A step writing through {@code client} and reading from the caches; both caches are null when
   * the cluster has no Knative Eventing.
   */
  public TriggerStep(
      KubernetesClient client,
      InformerEventSource<Trigger, Function> triggers,
      InformerEventSource<Broker, Function> brokers) {
    this.client = client;
    this.writer =
        triggers == null ? null : new ChildWriter<>(client, triggers, TriggerResource::overlay);
    this.brokers = brokers;
  }

  /** EventingReady, or null when the Function has no eventing. */
  public Condition reconcile(Function fn, boolean serviceExists) {
    if (writer == null) {
      return TriggerResource.wanted(fn)
          ? EventingConditions.blocked(
              Reasons.EVENTING_NOT_INSTALLED,
              FunctionMessages.eventingNotInstalled(TriggerResource.broker(fn)))
          : null;
    }
    String ns = FunctionNames.namespace(fn);
    String name = FunctionNames.trigger(fn.getMetadata().getName());
    Trigger observed = writer.observed(name, ns).orElse(null);
    if (!TriggerResource.wanted(fn)) {
      if (observed != null) {
        writer.deleteIfOwned(fn, observed);
      }
      return null;
    }
    String broker = TriggerResource.broker(fn);
    if (brokers.get(new ResourceID(broker, ns)).isEmpty()) {
      return EventingConditions.blocked(
          Reasons.BROKER_NOT_FOUND, FunctionMessages.brokerNotFound(broker, ns));
    }
    if (!serviceExists) {
      return EventingConditions.waitingForService();
    }
    Trigger desired = TriggerResource.desired(fn);
    try {
      return apply(fn, observed, desired, name, ns);
    } catch (ChildRejectedException e) {
      return EventingConditions.blocked(e.reason(), e.conditionMessage());
    }
  }

  private Condition apply(Function fn, Trigger observed, Trigger desired, String name, String ns) {
    if (observed != null
        && ChildMetadata.isOwnedBy(observed, fn)
        && TriggerResource.needsRecreate(observed, desired)) {
      // Knative rejects a change of spec.broker: delete, then create anew.
      Trigger created = writer.recreate(fn, observed, desired);
      return EventingConditions.fromTrigger(created);
    }
    var applied = writer.apply(fn, desired);
    if (applied.isEmpty()) {
      return EventingConditions.blocked(
          Reasons.NAME_CONFLICT, FunctionMessages.nameConflict("Trigger", name, ns));
    }
    return EventingConditions.fromTrigger(applied.get());
  }
}
