package com.zenith.functions.operator.dependent;

import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.resources.ChildMetadata;
import com.zenith.functions.operator.resources.Equivalence;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BinaryOperator;

/**
 * Creates or updates one child the Function owns: create when absent, update only when the overlay
 * of the desired fields changes the observed object (a semantic difference, W2), and never touch an
 * object someone else owns (W13). Writes are fed back into the informer cache so the next reconcile
 * sees them even before the watch event arrives.
 *
 * @param <T> the child's type
 */
final class ChildWriter<T extends HasMetadata> {

  private final KubernetesClient client;
  private final InformerEventSource<T, Function> cache;
  private final BinaryOperator<T> overlay;

  ChildWriter(
      KubernetesClient client, InformerEventSource<T, Function> cache, BinaryOperator<T> overlay) {
    this.client = client;
    this.cache = cache;
    this.overlay = overlay;
  }

  /** The child of that name in the Function's namespace, as cached. */
  Optional<T> observed(String name, String namespace) {
    return cache.get(new ResourceID(name, namespace));
  }

  /**
   * Makes the child match {@code desired}; returns the object as it now is, or empty when the name
   * belongs to an object the Function does not own.
   */
  Optional<T> apply(Function fn, T desired) {
    String ns = desired.getMetadata().getNamespace();
    T observed = observed(desired.getMetadata().getName(), ns).orElse(null);
    if (observed == null) {
      try {
        T created = client.resource(desired).create();
        cache.handleRecentResourceCreate(ResourceID.fromResource(fn), created);
        return Optional.of(created);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw rejectedOr(e, desired);
        }
        // Not in our (label-selected) cache but present: maybe ours without labels, maybe not ours.
        observed = client.resource(desired).get();
        if (observed == null) {
          throw e;
        }
      }
    }
    if (!ChildMetadata.isOwnedBy(observed, fn)) {
      return Optional.empty();
    }
    T next = overlay.apply(observed, desired);
    if (Equivalence.same(next, observed)) {
      return Optional.of(observed);
    }
    try {
      T updated = client.resource(next).update();
      cache.handleRecentResourceUpdate(ResourceID.fromResource(fn), updated, observed);
      return Optional.of(updated);
    } catch (KubernetesClientException e) {
      throw rejectedOr(e, desired);
    }
  }

  /**
   * A 400 or 422 means the object itself is invalid, a 403 that the operator may not write it: both
   * are reported as conditions; anything else is retried.
   */
  static RuntimeException rejectedOr(KubernetesClientException e, HasMetadata desired) {
    int code = e.getCode();
    if (code == HttpURLConnection.HTTP_BAD_REQUEST
        || code == 422
        || code == HttpURLConnection.HTTP_FORBIDDEN) {
      String reason =
          e.getStatus() != null && e.getStatus().getMessage() != null
              ? e.getStatus().getMessage()
              : e.getMessage();
      return new ChildRejectedException(
          desired.getKind(),
          desired.getMetadata().getName(),
          reason,
          code == HttpURLConnection.HTTP_FORBIDDEN);
    }
    return e;
  }

  /** Deletes the child if the Function owns it. */
  void deleteIfOwned(Function fn, T observed) {
    if (ChildMetadata.isOwnedBy(observed, fn)) {
      client.resource(observed).delete();
    }
  }

  /** Deletes an owned child, waits until it is gone, and creates {@code desired} in its place. */
  T recreate(Function fn, T observed, T desired) {
    client.resource(observed).withTimeout(30, TimeUnit.SECONDS).delete();
    T created;
    try {
      created = client.resource(desired).create();
    } catch (KubernetesClientException e) {
      throw rejectedOr(e, desired);
    }
    cache.handleRecentResourceUpdate(ResourceID.fromResource(fn), created, observed);
    return created;
  }
}
