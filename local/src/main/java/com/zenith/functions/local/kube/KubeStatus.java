package com.zenith.functions.local.kube;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.local.store.ResourceType;
import com.zenith.functions.local.store.StoreException;

/** The Kubernetes {@code Status} objects the API answers with: every error, and some deletes. */
final class KubeStatus {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private KubeStatus() {}

  /** A Failure status. */
  static ObjectNode failure(int code, String reason, String message) {
    ObjectNode s = base("Failure");
    s.put("message", message).put("reason", reason).put("code", code);
    return s;
  }

  /** The Failure status of a store refusal, with details naming the object and the causes. */
  static ObjectNode of(StoreException e, ResourceType type, String name) {
    ObjectNode s = failure(e.code(), e.reason(), e.getMessage());
    if (type != null) {
      ObjectNode d = s.putObject("details");
      if (name != null && !name.isEmpty()) {
        d.put("name", name);
      }
      d.put("group", type.group()).put("kind", e.code() == 422 ? type.kind() : type.plural());
      if (!e.causes().isEmpty()) {
        var causes = d.putArray("causes");
        for (StoreException.Cause c : e.causes()) {
          causes
              .addObject()
              .put("reason", "FieldValueInvalid")
              .put("message", c.message())
              .put("field", c.field());
        }
      }
    }
    return s;
  }

  /** The Success status a delete answers once the object is gone. */
  static ObjectNode deleted(ResourceType type, ObjectNode last) {
    ObjectNode s = base("Success");
    s.putObject("details")
        .put("name", last.path("metadata").path("name").asText())
        .put("group", type.group())
        .put("kind", type.plural())
        .put("uid", last.path("metadata").path("uid").asText());
    return s;
  }

  private static ObjectNode base(String status) {
    ObjectNode s = F.objectNode().put("kind", "Status").put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", status);
    return s;
  }
}
