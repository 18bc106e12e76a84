package com.zenith.functions.local.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.zenith.functions.local.store.ResourceType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;

/** Reads request bodies (JSON, YAML, kubectl's protobuf) and checks them against the URL. */
final class RequestBodies {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private RequestBodies() {}

  /** The request body as an object of the path's type, its namespace checked against the path. */
  static ObjectNode object(JsonNode body, ApiPath p) {
    if (!(body instanceof ObjectNode o)) {
      throw new Replies.BadRequest("the request body must be a JSON object");
    }
    ResourceType t = p.type();
    String apiVersion = o.path("apiVersion").asText("");
    String kind = o.path("kind").asText("");
    if ((!apiVersion.isEmpty() && !apiVersion.equals(t.apiVersion()))
        || (!kind.isEmpty() && !kind.equals(t.kind()))) {
      throw new Replies.BadRequest(
          "the object is a "
              + kind
              + " ("
              + apiVersion
              + "); this URL takes a "
              + t.kind()
              + " ("
              + t.apiVersion()
              + ")");
    }
    ObjectNode meta = o.get("metadata") instanceof ObjectNode m ? m : o.putObject("metadata");
    if (t.namespaced() && p.namespace() != null) {
      String ns = meta.path("namespace").asText("");
      if (ns.isEmpty()) {
        meta.put("namespace", p.namespace());
      } else if (!ns.equals(p.namespace())) {
        throw new Replies.BadRequest(
            "the namespace of the provided object does not match the namespace sent on the"
                + " request");
      }
    }
    if (p.name() != null && meta.path("name").asText("").isEmpty()) {
      meta.put("name", p.name());
    }
    return o;
  }

  static JsonNode parse(HttpServerRequest req, Buffer body) {
    if (body == null || body.length() == 0) {
      throw new Replies.BadRequest("the request has no body");
    }
    String ct = String.valueOf(req.getHeader("Content-Type"));
    if (ct.contains("protobuf")) {
      return ProtobufBody.decode(body.getBytes());
    }
    try {
      return ct.contains("yaml")
          ? YAML.readTree(body.getBytes())
          : Replies.JSON.readTree(body.getBytes());
    } catch (IOException e) {
      throw new Replies.BadRequest(
          "the request body is not valid "
              + (ct.contains("yaml") ? "YAML" : "JSON")
              + ": "
              + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  static void rejectDryRun(HttpServerRequest req) {
    if (req.getParam("dryRun") != null) {
      throw new Replies.BadRequest("dry run is not supported by the zenith engine's API");
    }
  }
}
