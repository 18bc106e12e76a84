package com.zenith.functions.operator.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * On-demand reads of the Secrets and ConfigMaps a Function names. The operator keeps no cache of
 * them (no cluster-wide Secret list or watch, so its heap does not grow with the cluster's Secrets,
 * and RBAC needs only {@code get}); a Function waiting for one is checked again after the recheck
 * interval.
 */
public final class References {

  private final KubernetesClient client;

  /** Reads through {@code client}. */
  public References(KubernetesClient client) {
    this.client = client;
  }

  /** The Secret, if it exists. */
  public Optional<Secret> secret(String namespace, String name) {
    return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
  }

  /** Whether the ConfigMap exists. */
  public boolean configMapExists(String namespace, String name) {
    return client.configMaps().inNamespace(namespace).withName(name).get() != null;
  }
}
