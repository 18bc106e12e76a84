package com.zenith.functions.local.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The local engine's {@link Store}: objects in memory, every write appended to a log in the store
 * directory and flushed before it is acknowledged (see {@link StoreLog}), so what was applied comes
 * back after a restart as etcd keeps a cluster's objects. Writes are serialized by one lock (one
 * resourceVersion counter, as etcd's revision); reads take no lock. Events (v1 Event) are kept
 * within {@link EventRetention}'s bounds.
 */
public final class PersistentStore implements Store {

  /** How many recent changes a watch from a resourceVersion can replay. */
  static final int HISTORY = 4096;

  private final ReentrantLock lock = new ReentrantLock();
  private final Admission admission;
  private final Clock clock;
  private final StoredObjects state;
  private final EventRetention events;

  private PersistentStore(Path dir, Admission admission, Clock clock) throws IOException {
    this.admission = admission;
    this.clock = clock;
    this.state = StoredObjects.open(dir, HISTORY);
    this.events = new EventRetention(this, clock);
    if (get(ResourceType.NAMESPACE, null, "default").isEmpty()) {
      // As in a cluster, the namespace "default" always exists (created without admission).
      ObjectNode ns = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      ns.putObject("metadata").put("name", "default");
      try {
        state.commit(
            ResourceType.NAMESPACE,
            ObjectChanges.forCreate(
                ResourceType.NAMESPACE, ns, UUID.randomUUID().toString(), clock.instant()),
            WatchEvent.Type.ADDED);
      } catch (StoreException e) {
        throw new IOException("cannot create the default namespace: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Opens the store kept in {@code dir} (created when missing), running {@code admission} on every
   * create and update.
   *
   * @throws IOException when the directory cannot be used or a store file is damaged (the message
   *     names the file and what to do)
   */
  public static PersistentStore open(Path dir, Admission admission) throws IOException {
    return new PersistentStore(dir, admission, Clock.systemUTC());
  }

  /** A store that keeps nothing on disk: for tests, and for an engine run without a state dir. */
  public static PersistentStore inMemory(Admission admission) {
    return inMemory(admission, Clock.systemUTC());
  }

  /** An in-memory store on the given clock (timestamps, event expiry). */
  static PersistentStore inMemory(Admission admission, Clock clock) {
    try {
      return new PersistentStore(null, admission, clock);
    } catch (IOException e) {
      throw new IllegalStateException("an in-memory store does no I/O", e);
    }
  }

  @Override
  public Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
    ObjectNode o = state.get(key(type, namespace, name));
    return o == null ? Optional.empty() : Optional.of(o.deepCopy());
  }

  @Override
  public List<ObjectNode> list(ResourceType type, String namespace) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode o : scan(type, namespace)) {
      out.add(o.deepCopy());
    }
    return out;
  }

  /** The stored objects themselves (never to be changed), in key order. */
  private Iterable<ObjectNode> scan(ResourceType type, String namespace) {
    String prefix =
        type.apiVersion()
            + "/"
            + type.kind()
            + "/"
            + (namespace == null || !type.namespaced() ? "" : namespace + "/");
    return state.scan(prefix);
  }

  @Override
  public ObjectNode create(ResourceType type, ObjectNode object) throws StoreException {
    checkStored(type);
    lock.lock();
    try {
      ObjectNode o =
          ObjectChanges.forCreate(type, object, UUID.randomUUID().toString(), clock.instant());
      String name = o.path("metadata").path("name").asText();
      String ns = o.path("metadata").path("namespace").asText(null);
      if (state.get(key(type, ns, name)) != null) {
        throw StoreException.alreadyExists(type, name);
      }
      admission.admit(type, o, null);
      ObjectNode stored = state.commit(type, o, WatchEvent.Type.ADDED);
      if (type.equals(ResourceType.EVENT)) {
        events.afterCreate();
      }
      return stored;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ObjectNode update(ResourceType type, ObjectNode object) throws StoreException {
    checkStored(type);
    lock.lock();
    try {
      ObjectNode old = current(type, object);
      ObjectNode o = ObjectChanges.forUpdate(type, old, object);
      admission.admit(type, o, old.deepCopy());
      ObjectChanges.bumpGeneration(type, old, o);
      if (ObjectChanges.readyToRemove(o)) {
        return state.remove(type, o);
      }
      return ObjectChanges.sameIgnoringVersion(old, o)
          ? old.deepCopy()
          : state.commit(type, o, WatchEvent.Type.MODIFIED);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ObjectNode updateStatus(ResourceType type, ObjectNode object) throws StoreException {
    checkStored(type);
    lock.lock();
    try {
      ObjectNode old = current(type, object);
      ObjectNode o = ObjectChanges.forStatus(old, object);
      return ObjectChanges.sameIgnoringVersion(old, o)
          ? old.deepCopy()
          : state.commit(type, o, WatchEvent.Type.MODIFIED);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ObjectNode delete(ResourceType type, String namespace, String name) throws StoreException {
    checkStored(type);
    lock.lock();
    try {
      ObjectNode old = state.get(key(type, namespace, name));
      if (old == null) {
        throw StoreException.notFound(type, name);
      }
      if (old.path("metadata").path("finalizers").isEmpty()) {
        return state.remove(type, old);
      }
      if (old.path("metadata").has("deletionTimestamp")) {
        return old.deepCopy();
      }
      return state.commit(
          type, ObjectChanges.markDeleted(old, clock.instant()), WatchEvent.Type.MODIFIED);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String resourceVersion() {
    return Long.toString(state.version());
  }

  @Override
  public AutoCloseable watch(
      ResourceType type, String namespace, String resourceVersion, Consumer<WatchEvent> listener)
      throws StoreException {
    Long from = null;
    if (resourceVersion != null && !resourceVersion.isEmpty() && !resourceVersion.equals("0")) {
      try {
        from = Long.parseLong(resourceVersion);
      } catch (NumberFormatException e) {
        throw new StoreException(
            400,
            "BadRequest",
            "resourceVersion \"" + resourceVersion + "\" is not a number",
            List.of());
      }
    }
    lock.lock();
    try {
      List<ObjectNode> initial = new ArrayList<>();
      if (from == null) {
        scan(type, namespace).forEach(initial::add);
      }
      return state
          .hub()
          .register(type, type.namespaced() ? namespace : null, from, initial, listener);
    } finally {
      lock.unlock();
    }
  }

  /** Removes expired and surplus Events now (the store also does it on a timer). */
  void expireEvents() {
    events.sweep();
  }

  @Override
  public void close() throws IOException {
    events.close();
    lock.lock();
    try {
      state.close();
    } finally {
      lock.unlock();
    }
  }

  private ObjectNode current(ResourceType type, ObjectNode request) throws StoreException {
    var meta = request.path("metadata");
    String name = meta.path("name").asText("");
    String ns = meta.path("namespace").asText("");
    ObjectNode old = state.get(key(type, ns.isEmpty() ? "default" : ns, name));
    if (old == null) {
      throw StoreException.notFound(type, name);
    }
    String rv = meta.path("resourceVersion").asText("");
    if (!rv.isEmpty() && !rv.equals(old.path("metadata").path("resourceVersion").asText())) {
      throw StoreException.conflict(type, name);
    }
    return old;
  }

  /** Deletes an Event for retention (called by {@link EventRetention} with no lock held). */
  void expire(ObjectNode event) {
    var meta = event.path("metadata");
    try {
      delete(ResourceType.EVENT, meta.path("namespace").asText(), meta.path("name").asText());
    } catch (StoreException e) {
      // Already gone: nothing to expire.
    }
  }

  /** The stored Events themselves, for retention (never to be changed). */
  Iterable<ObjectNode> storedEvents() {
    return scan(ResourceType.EVENT, null);
  }

  private static void checkStored(ResourceType type) throws StoreException {
    if (!type.stored()) {
      throw new StoreException(
          405,
          "MethodNotAllowed",
          type.plural() + " are read-only: the engine derives them from what runs",
          List.of());
    }
  }

  static String key(ResourceType type, String namespace, String name) {
    return StoreLog.key(type, type.namespaced() ? namespace : null, name);
  }
}
