package com.zenith.functions.operator.dependent;

import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.resources.ServiceAccountResource;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/** Keeps the ServiceAccount {@code <fn>-sa} as {@link ServiceAccountResource} describes it. */
public final class ServiceAccountStep {

  /**
   * What became of the ServiceAccount.
   *
   * @param reason null when it is in place, else why not (NameConflict, Forbidden, InvalidSpec)
   * @param message the condition message when {@code reason} is set
   */
  public record Result(String reason, String message) {
    /** True when the ServiceAccount is in place. */
    public boolean ok() {
      return reason == null;
    }
  }

  private final ChildWriter<ServiceAccount> writer;

  /** A step writing through {@code client}, reading from {@code cache}. */
  public ServiceAccountStep(
      KubernetesClient client, InformerEventSource<ServiceAccount, Function> cache) {
    this.writer = new ChildWriter<>(client, cache, ServiceAccountResource::overlay);
  }

  /** Applies the ServiceAccount. */
  public Result reconcile(Function fn) {
    ServiceAccount desired = ServiceAccountResource.desired(fn);
    try {
      if (writer.apply(fn, desired).isPresent()) {
        return new Result(null, null);
      }
    } catch (ChildRejectedException e) {
      return new Result(e.reason(), e.conditionMessage());
    }
    return new Result(
        Reasons.NAME_CONFLICT,
        FunctionMessages.nameConflict(
            "ServiceAccount", desired.getMetadata().getName(), FunctionNames.namespace(fn)));
  }
}
