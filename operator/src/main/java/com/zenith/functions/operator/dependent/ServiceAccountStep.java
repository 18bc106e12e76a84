package com.zenith.functions.operator.dependent;

import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.resources.ServiceAccountResource;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/** Keeps the ServiceAccount {@code <fn>-sa} as {@link ServiceAccountResource} describes it. */
public final class ServiceAccountStep {

  private final ChildWriter<ServiceAccount> writer;

  /** A step writing through {@code client}, reading from {@code cache}. */
  public ServiceAccountStep(
      KubernetesClient client, InformerEventSource<ServiceAccount, Function> cache) {
    this.writer = new ChildWriter<>(client, cache, ServiceAccountResource::overlay);
  }

  /** Applies the ServiceAccount; false when its name belongs to an object we do not own. */
  public boolean reconcile(Function fn) {
    return writer.apply(fn, ServiceAccountResource.desired(fn)).isPresent();
  }
}
