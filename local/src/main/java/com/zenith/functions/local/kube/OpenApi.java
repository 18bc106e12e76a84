package com.zenith.functions.local.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.api.validation.FunctionCrd;
import com.zenith.functions.local.store.ResourceType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenAPI v3 documents, one per group version, as {@code /openapi/v3} lists them: the Function
 * schema is the generated CRD's (so {@code kubectl explain} prints its descriptions); core types
 * get a minimal schema that keeps unknown fields. Each PATCH operation names its kind and takes
 * {@code fieldValidation}, which is how kubectl learns to leave validation to the server.
 */
final class OpenApi {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** The documents by path ("apis/functions.zenith.com/v1alpha1", "api/v1", ...). */
  private final Map<String, ObjectNode> documents = new LinkedHashMap<>();

  private final Map<String, String> hashes = new LinkedHashMap<>();

  OpenApi() {
    for (ResourceType t : ResourceType.ALL) {
      String key =
          t.group().isEmpty() ? "api/" + t.version() : "apis/" + t.group() + "/" + t.version();
      ObjectNode doc = documents.computeIfAbsent(key, k -> emptyDocument());
      addType(doc, t);
    }
    for (Map.Entry<String, ObjectNode> e : documents.entrySet()) {
      hashes.put(e.getKey(), sha256(e.getValue().toString()));
    }
  }

  /** {@code /openapi/v3}: where each group version's document is. */
  ObjectNode index() {
    ObjectNode root = F.objectNode();
    ObjectNode paths = root.putObject("paths");
    for (String key : documents.keySet()) {
      paths
          .putObject(key)
          .put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hashes.get(key));
    }
    return root;
  }

  /** The document of one group version ("api/v1"), or null. */
  ObjectNode document(String key) {
    return documents.get(key);
  }

  private static ObjectNode emptyDocument() {
    ObjectNode d = F.objectNode().put("openapi", "3.0.0");
    d.putObject("info").put("title", "Kubernetes").put("version", Discovery.GIT_VERSION);
    d.putObject("paths");
    d.putObject("components").putObject("schemas");
    return d;
  }

  private static void addType(ObjectNode doc, ResourceType t) {
    String schemaName = schemaName(t);
    ObjectNode schema = t.equals(ResourceType.FUNCTION) ? functionSchema() : genericSchema(t);
    ArrayNode gvk = schema.putArray("x-kubernetes-group-version-kind");
    gvk.add(gvk(t));
    ((ObjectNode) doc.get("components").get("schemas")).set(schemaName, schema);

    String base =
        t.group().isEmpty() ? "/api/" + t.version() : "/apis/" + t.group() + "/" + t.version();
    String collection = base + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
    ObjectNode paths = (ObjectNode) doc.get("paths");
    ObjectNode coll = paths.putObject(collection);
    coll.set("get", operation(t, schemaName, "list"));
    ObjectNode item = paths.putObject(collection + "/{name}");
    item.set("get", operation(t, schemaName, "get"));
    if (t.stored()) {
      coll.set("post", operation(t, schemaName, "post"));
      item.set("put", operation(t, schemaName, "put"));
      item.set("patch", operation(t, schemaName, "patch"));
      item.set("delete", operation(t, schemaName, "delete"));
      if (t.hasStatus()) {
        ObjectNode status = paths.putObject(collection + "/{name}/status");
        status.set("get", operation(t, schemaName, "get"));
        status.set("put", operation(t, schemaName, "put"));
        status.set("patch", operation(t, schemaName, "patch"));
      }
    }
  }

  private static ObjectNode operation(ResourceType t, String schemaName, String verb) {
    ObjectNode op = F.objectNode();
    op.put("operationId", verb + t.kind());
    op.set("x-kubernetes-group-version-kind", gvk(t));
    op.put("x-kubernetes-action", verb);
    ArrayNode params = op.putArray("parameters");
    if (verb.equals("patch") || verb.equals("put") || verb.equals("post")) {
      for (String q : new String[] {"fieldValidation", "fieldManager", "dryRun"}) {
        params
            .addObject()
            .put("name", q)
            .put("in", "query")
            .putObject("schema")
            .put("type", "string");
      }
    }
    if (verb.equals("patch")) {
      params
          .addObject()
          .put("name", "force")
          .put("in", "query")
          .putObject("schema")
          .put("type", "boolean");
    }
    op.putObject("responses")
        .putObject("200")
        .put("description", "OK")
        .putObject("content")
        .putObject("application/json")
        .putObject("schema")
        .put("$ref", "#/components/schemas/" + schemaName);
    return op;
  }

  private static ObjectNode gvk(ResourceType t) {
    return F.objectNode().put("group", t.group()).put("kind", t.kind()).put("version", t.version());
  }

  static String schemaName(ResourceType t) {
    return t.group().isEmpty()
        ? "io.k8s.api.core." + t.version() + "." + t.kind()
        : reverse(t.group()) + "." + t.version() + "." + t.kind();
  }

  private static String reverse(String group) {
    String[] parts = group.split("\\.");
    StringBuilder sb = new StringBuilder();
    for (int i = parts.length - 1; i >= 0; i--) {
      sb.append(parts[i]).append(i == 0 ? "" : ".");
    }
    return sb.toString();
  }

  private static ObjectNode functionSchema() {
    ObjectNode s = FunctionCrd.load().schema().deepCopy();
    s.put("type", "object");
    if (!s.has("description")) {
      s.put(
          "description",
          "A function: where its source is, how its image is built, how it runs and the events"
              + " it subscribes to.");
    }
    ObjectNode props = s.get("properties") instanceof ObjectNode p ? p : s.putObject("properties");
    addEnvelope(props);
    return s;
  }

  private static ObjectNode genericSchema(ResourceType t) {
    ObjectNode s = F.objectNode().put("type", "object");
    s.put("description", t.kind() + " (" + t.apiVersion() + ").");
    s.put("x-kubernetes-preserve-unknown-fields", true);
    addEnvelope(s.putObject("properties"));
    return s;
  }

  private static void addEnvelope(ObjectNode props) {
    props
        .putObject("apiVersion")
        .put("type", "string")
        .put("description", "The versioned schema of this representation of an object.");
    props
        .putObject("kind")
        .put("type", "string")
        .put("description", "The REST resource this object represents.");
    props
        .putObject("metadata")
        .put("type", "object")
        .put("description", "Standard object's metadata: name, namespace, labels, annotations.")
        .put("x-kubernetes-preserve-unknown-fields", true);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
          .toUpperCase();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
