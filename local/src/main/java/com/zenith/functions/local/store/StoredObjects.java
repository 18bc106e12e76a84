package com.zenith.functions.local.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the store holds and how one change is made: the objects by key, the resourceVersion counter,
 * the log that makes a change durable and the hub that announces it. Callers hold the store's write
 * lock around {@link #commit} and {@link #remove}; reads need no lock.
 */
final class StoredObjects implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoredObjects.class);

  private final ConcurrentSkipListMap<String, ObjectNode> objects = new ConcurrentSkipListMap<>();
  private final StoreLog log;
  private final WatchHub hub;
  private volatile long version;

  private StoredObjects(StoreLog log, Map<String, ObjectNode> loaded, long version, int history) {
    this.log = log;
    this.objects.putAll(loaded);
    this.version = version;
    this.hub = new WatchHub(history, version);
  }

  /**
   * The objects kept in {@code dir} (null: in memory only), with a watch history of {@code
   * history}.
   */
  static StoredObjects open(Path dir, int history) throws IOException {
    long[] rv = {0};
    Map<String, ObjectNode> loaded = new LinkedHashMap<>();
    StoreLog log = dir == null ? null : StoreLog.open(dir, loaded, rv);
    return new StoredObjects(log, loaded, rv[0], history);
  }

  /** The stored object (never to be changed), or null. */
  ObjectNode get(String key) {
    return objects.get(key);
  }

  /**
   * The stored objects whose key starts with {@code prefix} (never to be changed), in key order.
   */
  Iterable<ObjectNode> scan(String prefix) {
    return objects.subMap(prefix, prefix + Character.MAX_VALUE).values();
  }

  /** The current resourceVersion. */
  long version() {
    return version;
  }

  /** The watch hub. */
  WatchHub hub() {
    return hub;
  }

  /**
   * Stores {@code o} (already prepared) at the next resourceVersion, logs it and tells watchers.
   */
  ObjectNode commit(ResourceType type, ObjectNode o, WatchEvent.Type event) throws StoreException {
    long rv = version + 1;
    ObjectNode meta = (ObjectNode) o.get("metadata");
    meta.put("resourceVersion", Long.toString(rv));
    String ns = meta.path("namespace").asText(null);
    try {
      if (log != null) {
        log.put(o);
      }
    } catch (IOException e) {
      throw writeFailed(e);
    }
    version = rv;
    objects.put(PersistentStore.key(type, ns, meta.path("name").asText()), o);
    hub.publish(new WatchHub.Change(rv, type, ns, new WatchEvent(event, o)));
    compactIfDue();
    return o.deepCopy();
  }

  ObjectNode remove(ResourceType type, ObjectNode last) throws StoreException {
    long rv = version + 1;
    ObjectNode o = last.deepCopy();
    ObjectNode meta = (ObjectNode) o.get("metadata");
    String ns = meta.path("namespace").asText(null);
    String name = meta.path("name").asText();
    try {
      if (log != null) {
        log.delete(type, ns, name, rv);
      }
    } catch (IOException e) {
      throw writeFailed(e);
    }
    meta.put("resourceVersion", Long.toString(rv));
    version = rv;
    objects.remove(PersistentStore.key(type, ns, name));
    hub.publish(new WatchHub.Change(rv, type, ns, new WatchEvent(WatchEvent.Type.DELETED, o)));
    compactIfDue();
    return o.deepCopy();
  }

  private void compactIfDue() {
    if (log != null && log.wantsCompaction(objects.size())) {
      try {
        log.compact(objects.values(), version);
      } catch (IOException e) {
        // The write itself is in the log already; the next write tries compacting again.
        LOG.warn("the store could not compact its file: {}", e.getMessage());
      }
    }
  }

  private static StoreException writeFailed(IOException e) {
    return new StoreException(
        500, "InternalError", "the store could not write its file: " + e.getMessage(), List.of());
  }

  @Override
  public void close() throws IOException {
    hub.closeAll();
    if (log != null) {
      log.close();
    }
  }
}
