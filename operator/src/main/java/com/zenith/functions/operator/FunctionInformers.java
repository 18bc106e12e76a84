package com.zenith.functions.operator;

import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.resources.ChildMetadata;
import com.zenith.functions.operator.resources.TriggerResource;
import com.zenith.functions.operator.tekton.PipelineRun;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the operator watches besides Functions: its own children (label-selected, mapped back by
 * owner reference) and the Brokers that Functions name (mapped back through an index of the
 * Functions by broker name). Trigger and Broker informers exist only when the cluster serves
 * Knative Eventing. Secrets and ConfigMaps are not watched at all: the operator reads the few that
 * a Function names when it needs them (no cluster-wide Secret cache, no list or watch permission).
 *
 * @param triggers null without Knative Eventing
 * @param brokers null without Knative Eventing
 */
record FunctionInformers(
    InformerEventSource<ServiceAccount, Function> serviceAccounts,
    InformerEventSource<PipelineRun, Function> pipelineRuns,
    InformerEventSource<Service, Function> services,
    InformerEventSource<Trigger, Function> triggers,
    InformerEventSource<Broker, Function> brokers) {

  private static final String BROKER_INDEX = "zenith.brokers";

  /** Indexes the primary cache and creates the informers the cluster can serve. */
  static FunctionInformers create(
      EventSourceContext<Function> context, ClusterCapabilities capabilities) {
    boolean eventing = capabilities.eventing();
    if (eventing) {
      context.getPrimaryCache().addIndexer(BROKER_INDEX, fn -> keys(fn, brokers(fn)));
    }
    return new FunctionInformers(
        owned(context, ServiceAccount.class),
        owned(context, PipelineRun.class),
        owned(context, Service.class),
        eventing ? owned(context, Trigger.class) : null,
        eventing ? referenced(context, Broker.class, BROKER_INDEX) : null);
  }

  /** All that exist, for JOSDK to start. */
  List<EventSource<?, Function>> all() {
    return java.util.stream.Stream.of(serviceAccounts, pipelineRuns, services, triggers, brokers)
        .filter(java.util.Objects::nonNull)
        .<EventSource<?, Function>>map(e -> e)
        .toList();
  }

  /** An informer on a child kind, limited to the children this operator labels as its own. */
  private static <R extends HasMetadata> InformerEventSource<R, Function> owned(
      EventSourceContext<Function> context, Class<R> type) {
    var config =
        InformerEventSourceConfiguration.from(type, Function.class)
            .withName(type.getSimpleName())
            .withLabelSelector(ChildMetadata.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Function.class))
            .build();
    return new InformerEventSource<>(config, context);
  }

  /** An informer on objects Functions refer to by name, mapped back through a primary index. */
  private static <R extends HasMetadata> InformerEventSource<R, Function> referenced(
      EventSourceContext<Function> context, Class<R> type, String index) {
    IndexerResourceCache<Function> primaries = context.getPrimaryCache();
    var builder =
        InformerEventSourceConfiguration.from(type, Function.class)
            .withName(type.getSimpleName())
            .withSecondaryToPrimaryMapper(
                (R r) ->
                    primaries
                        .byIndex(
                            index, r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()));
    return new InformerEventSource<>(builder.build(), context);
  }

  private static List<String> brokers(Function fn) {
    String broker = fn.getSpec() == null ? null : TriggerResource.broker(fn);
    return broker == null ? List.of() : List.of(broker);
  }

  private static List<String> keys(Function fn, List<String> names) {
    String ns = FunctionNames.namespace(fn);
    return names.stream().map(n -> ns + "/" + n).toList();
  }
}
