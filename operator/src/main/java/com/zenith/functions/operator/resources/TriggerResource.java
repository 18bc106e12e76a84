package com.zenith.functions.operator.resources;

import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Function;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1.TriggerBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Knative Trigger {@code <fn>-trigger} that subscribes the function's Knative Service to its
 * broker, with the filters as exact attribute matches. Knative forbids changing {@code
 * spec.broker}, so a broker change is a delete and re-create ({@link #needsRecreate}, W8); other
 * changes are applied with {@link #overlay}, which keeps fields others set such as {@code
 * delivery}.
 */
public final class TriggerResource {

  private TriggerResource() {}

  /** True when the Function subscribes to a broker. */
  public static boolean wanted(Function fn) {
    return broker(fn) != null;
  }

  /** The broker the Function subscribes to, or null. */
  public static String broker(Function fn) {
    var eventing = fn.getSpec().eventing();
    if (eventing == null || eventing.broker() == null || eventing.broker().isEmpty()) {
      return null;
    }
    return eventing.broker();
  }

  /** The desired Trigger; only meaningful when {@link #wanted} is true. */
  public static Trigger desired(Function fn) {
    String name = fn.getMetadata().getName();
    var filters = fn.getSpec().eventing().filters();
    return new TriggerBuilder()
        .withMetadata(ChildMetadata.of(fn, FunctionNames.trigger(name)))
        .withNewSpec()
        .withBroker(broker(fn))
        .withNewFilter()
        .withAttributes(ChildMetadata.nullIfEmpty(filters == null ? null : Map.copyOf(filters)))
        .endFilter()
        .withNewSubscriber()
        .withNewRef()
        .withApiVersion("serving.knative.dev/v1")
        .withKind("Service")
        .withName(FunctionNames.knativeService(name))
        .withNamespace(FunctionNames.namespace(fn))
        .endRef()
        .endSubscriber()
        .endSpec()
        .build();
  }

  /** True when the observed Trigger points at another broker, which Knative cannot change. */
  public static boolean needsRecreate(Trigger observed, Trigger desired) {
    return observed.getSpec() == null
        || !Objects.equals(observed.getSpec().getBroker(), desired.getSpec().getBroker());
  }

  /** The observed Trigger with our labels, filter and subscriber applied. */
  public static Trigger overlay(Trigger observed, Trigger desired) {
    Trigger out = DeepCopy.of(observed, Trigger.class);
    Map<String, String> labels =
        new HashMap<>(Objects.requireNonNullElse(out.getMetadata().getLabels(), Map.of()));
    labels.putAll(desired.getMetadata().getLabels());
    out.getMetadata().setLabels(labels);
    out.getSpec().setFilter(desired.getSpec().getFilter());
    out.getSpec().setSubscriber(desired.getSpec().getSubscriber());
    return out;
  }
}
