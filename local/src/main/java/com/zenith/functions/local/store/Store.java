package com.zenith.functions.local.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The local engine's store of Kubernetes objects, the twin of the API server and etcd: every object
 * has a uid, creationTimestamp, resourceVersion (one counter for the whole store) and, for types
 * with a status, a generation bumped on spec change only. Objects are Jackson trees in the
 * Kubernetes JSON form; every method takes and returns copies. Safe for concurrent use.
 */
public interface Store extends AutoCloseable {
  /** The object, or empty. */
  Optional<ObjectNode> get(ResourceType type, String namespace, String name);

  /** The objects of {@code type} in {@code namespace} (null: every namespace), sorted by name. */
  List<ObjectNode> list(ResourceType type, String namespace);

  /**
   * Creates an object (metadata.name required; namespace defaulted to "default" for namespaced
   * types). Runs the admission; sets uid, creationTimestamp, resourceVersion, generation 1; ignores
   * a status in the request for types with a status subresource.
   *
   * @return the stored object
   */
  ObjectNode create(ResourceType type, ObjectNode object) throws StoreException;

  /**
   * Replaces an object's metadata (labels, annotations, finalizers, ownerReferences) and spec (or
   * data, for Secrets and ConfigMaps); keeps the stored status for types with a status. A
   * resourceVersion in the request that is not the stored one gives 409 Conflict; none means
   * "whatever is stored". Runs the admission. Bumps generation when the spec changed. Writes
   * nothing (same resourceVersion, no watch event) when nothing changed.
   */
  ObjectNode update(ResourceType type, ObjectNode object) throws StoreException;

  /**
   * Replaces only the status (the status subresource); same resourceVersion rule as update; no
   * admission; no generation bump; no write when the status is unchanged.
   */
  ObjectNode updateStatus(ResourceType type, ObjectNode object) throws StoreException;

  /**
   * Deletes an object: with finalizers it gets a deletionTimestamp (an update event) and goes when
   * the last finalizer is removed by an update; without, it goes now (a DELETED event).
   *
   * @return the object as it was last
   */
  ObjectNode delete(ResourceType type, String namespace, String name) throws StoreException;

  /** The store's current resourceVersion (what a list answers as metadata.resourceVersion). */
  String resourceVersion();

  /**
   * Watches {@code type} in {@code namespace} (null: every namespace). With {@code resourceVersion}
   * null, "" or "0" the listener first gets ADDED for every existing object, then every change;
   * with a number, every change after it (410 Gone when the store no longer holds that much
   * history). Events reach the listener one at a time, in resourceVersion order, on a thread of the
   * store's; a slow listener delays only itself.
   *
   * @return closing it stops the events
   */
  AutoCloseable watch(
      ResourceType type, String namespace, String resourceVersion, Consumer<WatchEvent> listener)
      throws StoreException;
}
