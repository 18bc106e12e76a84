package com.zenith.functions.local.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * The API server's rules for what a write does to an object, as pure functions (request and stored
 * object in, new object out): server-managed metadata, generation, status kept apart.
 */
final class ObjectChanges {
  /** Metadata the server owns: a request cannot set or change it. */
  static final Set<String> SERVER_METADATA =
      Set.of(
          "uid",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "generation",
          "resourceVersion",
          "selfLink",
          "managedFields");

  private ObjectChanges() {}

  /**
   * Custom resources get metadata.generation; the core types the engine stores (Secret, ConfigMap,
   * Namespace, Event) get none, as on a real API server.
   */
  static boolean hasGeneration(ResourceType type) {
    return !type.group().isEmpty();
  }

  /** RFC 3339 in seconds, UTC, as Kubernetes writes timestamps. */
  static String timestamp(Instant now) {
    return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * The object a create stores, without its resourceVersion (the store sets it).
   *
   * @throws StoreException 422 when the name is missing or the namespace invalid
   */
  static ObjectNode forCreate(ResourceType type, ObjectNode request, String uid, Instant now)
      throws StoreException {
    ObjectNode o = request.deepCopy();
    o.put("apiVersion", type.apiVersion());
    o.put("kind", type.kind());
    ObjectNode meta = metadata(o);
    for (String f : SERVER_METADATA) {
      meta.remove(f);
    }
    String name = meta.path("name").asText("");
    if (name.isEmpty()) {
      throw StoreException.invalid(
          type,
          "",
          List.of(new StoreException.Cause("metadata.name", "Required value: name is required")));
    }
    namespaceOf(type, meta);
    meta.put("uid", uid);
    meta.put("creationTimestamp", timestamp(now));
    if (hasGeneration(type)) {
      meta.put("generation", 1);
    }
    if (type.hasStatus()) {
      o.remove("status");
      if (type.equals(ResourceType.NAMESPACE)) {
        o.putObject("status").put("phase", "Active");
      }
    }
    return o;
  }

  /** Sets (or removes, for cluster-scoped types) metadata.namespace; "default" when missing. */
  static String namespaceOf(ResourceType type, ObjectNode meta) throws StoreException {
    if (!type.namespaced()) {
      meta.remove("namespace");
      return null;
    }
    String ns = meta.path("namespace").asText("");
    if (ns.isEmpty()) {
      ns = "default";
      meta.put("namespace", ns);
    }
    return ns;
  }

  /**
   * The object an update stores: the request's metadata and content, the stored server-managed
   * metadata (generation included: see {@link #bumpGeneration}) and the stored status (for types
   * with a status). Without a resourceVersion.
   */
  static ObjectNode forUpdate(ResourceType type, ObjectNode old, ObjectNode request)
      throws StoreException {
    ObjectNode o = request.deepCopy();
    o.put("apiVersion", type.apiVersion());
    o.put("kind", type.kind());
    ObjectNode meta = metadata(o);
    ObjectNode oldMeta = (ObjectNode) old.path("metadata");
    namespaceOf(type, meta);
    for (String f : SERVER_METADATA) {
      meta.remove(f);
      if (oldMeta.has(f) && !f.equals("resourceVersion")) {
        meta.set(f, oldMeta.get(f).deepCopy());
      }
    }
    if (oldMeta.has("deletionTimestamp")) {
      checkNoNewFinalizers(type, oldMeta, meta);
    }
    if (type.hasStatus()) {
      o.remove("status");
      if (old.has("status")) {
        o.set("status", old.get("status").deepCopy());
      }
    }
    return o;
  }

  /**
   * Bumps metadata.generation of {@code now} (in place) when its content outside metadata and
   * status differs from {@code old}'s; call after admission, whose defaults count as content.
   */
  static void bumpGeneration(ResourceType type, ObjectNode old, ObjectNode now) {
    if (hasGeneration(type) && contentChanged(type, old, now)) {
      ((ObjectNode) now.get("metadata"))
          .put("generation", old.path("metadata").path("generation").asLong(0) + 1);
    }
  }

  /** The object a status write stores: the stored object with the request's status. */
  static ObjectNode forStatus(ObjectNode old, ObjectNode request) {
    ObjectNode o = old.deepCopy();
    o.remove("status");
    JsonNode status = request.get("status");
    if (status != null && !status.isNull()) {
      o.set("status", status.deepCopy());
    }
    return o;
  }

  /** The object a delete leaves while finalizers remain: marked with a deletionTimestamp. */
  static ObjectNode markDeleted(ObjectNode old, Instant now) {
    ObjectNode o = old.deepCopy();
    ObjectNode meta = (ObjectNode) o.get("metadata");
    meta.put("deletionTimestamp", timestamp(now));
    meta.put("deletionGracePeriodSeconds", 0);
    return o;
  }

  /** True when the object is being deleted and its last finalizer is gone. */
  static boolean readyToRemove(ObjectNode o) {
    JsonNode meta = o.path("metadata");
    return meta.has("deletionTimestamp") && meta.path("finalizers").isEmpty();
  }

  /** True when two versions of an object differ in anything but their resourceVersion. */
  static boolean sameIgnoringVersion(ObjectNode a, ObjectNode b) {
    ObjectNode x = a.deepCopy();
    ObjectNode y = b.deepCopy();
    ((ObjectNode) x.path("metadata")).remove("resourceVersion");
    ((ObjectNode) y.path("metadata")).remove("resourceVersion");
    return x.equals(y);
  }

  private static boolean contentChanged(ResourceType type, ObjectNode old, ObjectNode now) {
    ObjectNode a = old.deepCopy();
    ObjectNode b = now.deepCopy();
    for (ObjectNode n : List.of(a, b)) {
      n.remove("metadata");
      if (type.hasStatus()) {
        n.remove("status");
      }
    }
    return !a.equals(b);
  }

  private static void checkNoNewFinalizers(ResourceType type, ObjectNode oldMeta, ObjectNode meta)
      throws StoreException {
    JsonNode before = oldMeta.path("finalizers");
    for (JsonNode f : meta.path("finalizers")) {
      boolean known = false;
      for (JsonNode b : before) {
        known |= b.equals(f);
      }
      if (!known) {
        throw StoreException.invalid(
            type,
            oldMeta.path("name").asText(),
            List.of(
                new StoreException.Cause(
                    "metadata.finalizers",
                    "Forbidden: no new finalizers can be added if the object is being deleted,"
                        + " found new finalizers [\""
                        + f.asText()
                        + "\"]")));
      }
    }
  }

  private static ObjectNode metadata(ObjectNode o) throws StoreException {
    JsonNode meta = o.get("metadata");
    if (meta == null || meta.isNull()) {
      return o.putObject("metadata");
    }
    if (!meta.isObject()) {
      throw new StoreException(400, "BadRequest", "metadata must be an object", List.of());
    }
    ObjectNode m = (ObjectNode) meta;
    if (m.has("finalizers") && !(m.get("finalizers") instanceof ArrayNode)) {
      throw new StoreException(400, "BadRequest", "metadata.finalizers must be a list", List.of());
    }
    return m;
  }
}
