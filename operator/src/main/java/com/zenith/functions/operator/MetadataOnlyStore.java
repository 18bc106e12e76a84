package com.zenith.functions.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.function.Consumer;

/**
 * An informer store that keeps only metadata: the operator watches Secrets and ConfigMaps to know
 * that they exist (so a waiting Function recovers at once, W14), but never needs their contents, so
 * none stays in memory (W15).
 *
 * @param <T> Secret or ConfigMap
 */
final class MetadataOnlyStore<T extends HasMetadata> extends BasicItemStore<T> {

  private final Consumer<T> strip;

  private MetadataOnlyStore(Consumer<T> strip) {
    super(Cache::metaNamespaceKeyFunc);
    this.strip = strip;
  }

  /** A store for Secrets, without data. */
  static MetadataOnlyStore<Secret> secrets() {
    return new MetadataOnlyStore<>(
        s -> {
          s.setData(null);
          s.setStringData(null);
        });
  }

  /** A store for ConfigMaps, without data. */
  static MetadataOnlyStore<ConfigMap> configMaps() {
    return new MetadataOnlyStore<>(
        c -> {
          c.setData(null);
          c.setBinaryData(null);
        });
  }

  @Override
  public T put(String key, T obj) {
    strip.accept(obj);
    if (obj.getMetadata() != null && obj.getMetadata().getAnnotations() != null) {
      // kubectl apply keeps the whole object, data included, in this annotation.
      obj.getMetadata().getAnnotations().remove("kubectl.kubernetes.io/last-applied-configuration");
    }
    return super.put(key, obj);
  }
}
