package com.zenith.functions.local.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.local.store.ResourceType;
import com.zenith.functions.local.store.Store;
import com.zenith.functions.local.store.StoreException;
import java.util.List;
import java.util.Optional;

/**
 * PATCH: reads the object, applies the patch, and writes it back with the resourceVersion it read
 * (a concurrent write makes the store answer Conflict, and the patch is applied again to the new
 * version, as the API server retries). Formats: JSON merge patch; JSON patch; strategic merge patch
 * for core types, treated as a merge patch (lists are replaced, not merged by key); server-side
 * apply, treated as a merge patch of the fields given that creates the object when missing (no
 * field ownership, so no apply conflicts, and fields a manager stops sending are kept).
 */
final class PatchHandler {
  private static final int ATTEMPTS = 5;

  private final Store store;

  PatchHandler(Store store) {
    this.store = store;
  }

  ObjectNode patch(ApiPath p, String contentType, JsonNode body, boolean status)
      throws StoreException {
    String ct = contentType == null ? "" : contentType.split(";")[0].trim();
    ResourceType t = p.type();
    boolean apply = ct.equals("application/apply-patch+yaml");
    if (!apply
        && !ct.equals("application/merge-patch+json")
        && !ct.equals("application/json-patch+json")
        && !ct.equals("application/strategic-merge-patch+json")) {
      throw unsupported(ct);
    }
    if (ct.equals("application/strategic-merge-patch+json") && !t.group().isEmpty()) {
      // As on a real API server: custom resources have no strategic merge keys.
      throw unsupported(ct);
    }
    StoreException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<ObjectNode> current = store.get(t, p.namespace(), p.name());
      if (current.isEmpty()) {
        if (apply && !status) {
          ObjectNode o = RequestBodies.object(withoutManagedFields(body), p);
          return store.create(t, o);
        }
        throw StoreException.notFound(t, p.name());
      }
      ObjectNode cur = current.get();
      String version = cur.path("metadata").path("resourceVersion").asText();
      JsonNode patched =
          ct.equals("application/json-patch+json")
              ? jsonPatch(cur, body)
              : Patches.merge(cur, apply ? withoutManagedFields(body) : body);
      if (!(patched instanceof ObjectNode o) || !(o.get("metadata") instanceof ObjectNode meta)) {
        throw new Replies.BadRequest("the patched object must be an object with metadata");
      }
      if (!meta.path("name").asText().equals(p.name())
          || (t.namespaced()
              && !meta.path("namespace").asText().equals(cur.at("/metadata/namespace").asText()))) {
        throw new Replies.BadRequest("a patch cannot change an object's name or namespace");
      }
      String asked = meta.path("resourceVersion").asText("");
      boolean pinned = !asked.isEmpty() && !asked.equals(version);
      meta.put("resourceVersion", pinned ? asked : version);
      try {
        return status ? store.updateStatus(t, o) : store.update(t, o);
      } catch (StoreException e) {
        if (!e.reason().equals("Conflict") || pinned) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  private static JsonNode jsonPatch(ObjectNode cur, JsonNode body) throws StoreException {
    try {
      return Patches.jsonPatch(cur, body);
    } catch (Patches.PatchException e) {
      throw new StoreException(
          422, "Invalid", "the JSON patch failed: " + e.getMessage(), List.of());
    }
  }

  private static JsonNode withoutManagedFields(JsonNode body) {
    JsonNode copy = body.deepCopy();
    if (copy.path("metadata") instanceof ObjectNode m) {
      m.remove("managedFields");
    }
    return copy;
  }

  private static StoreException unsupported(String ct) {
    return new StoreException(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include:"
            + " application/json-patch+json, application/merge-patch+json,"
            + " application/apply-patch+yaml (and application/strategic-merge-patch+json for"
            + " core types); got \""
            + ct
            + "\"",
        List.of());
  }
}
