package com.zenith.functions.local.gateway.dapr;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An error as Dapr's sidecar answers it over HTTP: a status and {@code
 * {"errorCode":"ERR_...","message":"..."}}; also the table of Dapr building blocks the local engine
 * does not serve, each with the code and status Dapr gives when that block is not configured.
 */
public record DaprError(int status, String errorCode, String message) {

  /** What the local engine serves of Dapr's API, for messages. */
  static final String SERVED =
      "zenith dev serves Dapr's service invocation only (/v1.0/invoke, the dapr-app-id header,"
          + " /v1.0/healthz, /v1.0/metadata; gRPC InvokeService and GetMetadata)";

  /** The JSON body Dapr sends. */
  public JsonObject json() {
    return new JsonObject().put("errorCode", errorCode).put("message", message);
  }

  /** A building block of Dapr's API and how Dapr answers when none is configured. */
  private record Block(String segment, String what, int status, String errorCode) {}

  private static final List<Block> BLOCKS =
      List.of(
          new Block("state", "state stores", 500, "ERR_STATE_STORE_NOT_CONFIGURED"),
          new Block("publish", "pub/sub", 400, "ERR_PUBSUB_NOT_CONFIGURED"),
          new Block("subscribe", "pub/sub", 400, "ERR_PUBSUB_NOT_CONFIGURED"),
          new Block("bindings", "output bindings", 500, "ERR_INVOKE_OUTPUT_BINDING"),
          new Block("secrets", "secret stores", 500, "ERR_SECRET_STORES_NOT_CONFIGURED"),
          new Block("actors", "actors", 500, "ERR_ACTOR_RUNTIME_NOT_FOUND"),
          new Block(
              "configuration",
              "configuration stores",
              500,
              "ERR_CONFIGURATION_STORE_NOT_CONFIGURED"),
          new Block("lock", "lock stores", 500, "ERR_LOCK_STORE_NOT_CONFIGURED"),
          new Block("unlock", "lock stores", 500, "ERR_LOCK_STORE_NOT_CONFIGURED"),
          new Block("crypto", "crypto providers", 500, "ERR_CRYPTO_PROVIDERS_NOT_CONFIGURED"),
          new Block("workflows", "workflows", 400, "ERR_WORKFLOW_COMPONENT_MISSING"));

  /**
   * The answer for a request to Dapr's API ({@code /v1.0/...}, {@code /v1.0-alpha1/...}, ...) that
   * is not served: the building block's own "not configured" error, or a 404 naming the path.
   */
  public static DaprError notServed(String method, String path) {
    String clean = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String[] parts = clean.split("/", 4);
    String segment = parts.length > 2 ? parts[2] : "";
    for (Block b : BLOCKS) {
      if (b.segment().equals(segment)) {
        return new DaprError(
            b.status(),
            b.errorCode(),
            "Dapr "
                + b.what()
                + " are not configured locally ("
                + method
                + " "
                + clean
                + "): "
                + SERVED
                + "; use a cluster with Dapr for "
                + b.what()
                + ".");
      }
    }
    return new DaprError(
        404, "ERR_NOT_FOUND", "method " + method + " " + clean + " is not found: " + SERVED + ".");
  }

  /** No app has this ID (or its function does not run): Dapr's ERR_DIRECT_INVOKE, status 500. */
  public static DaprError noSuchApp(String appId, String reason) {
    return new DaprError(
        500, "ERR_DIRECT_INVOKE", "fail to invoke, id: " + appId + ", err: " + reason);
  }
}
