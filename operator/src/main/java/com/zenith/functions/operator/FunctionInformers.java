package com.zenith.functions.operator;

import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.resources.ChildMetadata;
import com.zenith.functions.operator.tekton.PipelineRun;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
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
 * owner reference) and the Secrets, ConfigMaps and Brokers that Functions name (mapped back through
 * an index of the Functions by the names they use; Secrets and ConfigMaps cached without data).
 */
record FunctionInformers(
    InformerEventSource<ServiceAccount, Function> serviceAccounts,
    InformerEventSource<PipelineRun, Function> pipelineRuns,
    InformerEventSource<Service, Function> services,
    InformerEventSource<Trigger, Function> triggers,
    InformerEventSource<Secret, Function> secrets,
    InformerEventSource<ConfigMap, Function> configMaps,
    InformerEventSource<Broker, Function> brokers) {

  private static final String SECRET_INDEX = "zenith.secrets";
  private static final String CONFIG_MAP_INDEX = "zenith.configmaps";
  private static final String BROKER_INDEX = "zenith.brokers";

  /** Indexes the primary cache and creates the informers. */
  static FunctionInformers create(EventSourceContext<Function> context) {
    IndexerResourceCache<Function> functions = context.getPrimaryCache();
    functions.addIndexer(SECRET_INDEX, fn -> keys(fn, FunctionReferences.secrets(fn)));
    functions.addIndexer(CONFIG_MAP_INDEX, fn -> keys(fn, FunctionReferences.configMaps(fn)));
    functions.addIndexer(BROKER_INDEX, fn -> keys(fn, FunctionReferences.brokers(fn)));
    return new FunctionInformers(
        owned(context, ServiceAccount.class),
        owned(context, PipelineRun.class),
        owned(context, Service.class),
        owned(context, Trigger.class),
        referenced(context, Secret.class, SECRET_INDEX, MetadataOnlyStore.secrets()),
        referenced(context, ConfigMap.class, CONFIG_MAP_INDEX, MetadataOnlyStore.configMaps()),
        referenced(context, Broker.class, BROKER_INDEX, null));
  }

  /** All of them, for JOSDK to start. */
  List<EventSource<?, Function>> all() {
    return List.of(serviceAccounts, pipelineRuns, services, triggers, secrets, configMaps, brokers);
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
      EventSourceContext<Function> context, Class<R> type, String index, ItemStore<R> store) {
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
    if (store != null) {
      builder = builder.withItemStore(store);
    }
    return new InformerEventSource<>(builder.build(), context);
  }

  private static List<String> keys(Function fn, List<String> names) {
    String ns = FunctionNames.namespace(fn);
    return names.stream().map(n -> ns + "/" + n).toList();
  }
}
