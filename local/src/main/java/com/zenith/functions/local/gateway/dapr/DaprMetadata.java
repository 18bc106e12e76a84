package com.zenith.functions.local.gateway.dapr;

import io.dapr.v1.DaprMetadataProtos;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What the local "sidecar" tells a function about itself, in the shape of Dapr's metadata API: its
 * app ID, the runtime version, no components, and (an addition) the app IDs it can invoke. Pure.
 *
 * @param id the calling app's ID ({@code ""} when the caller is not a function)
 * @param appPort the calling function's port, 0 when unknown
 * @param apps the Dapr app IDs known, as {@code <app-id>.<namespace>}
 */
public record DaprMetadata(String id, int appPort, List<String> apps) {
  /** The version reported as Dapr's runtime version: not a Dapr release, the local engine's. */
  public static final String RUNTIME_VERSION = "zenith-local";

  /** The extended-metadata key that lists the known app IDs (comma-separated). */
  public static final String APPS_KEY = "zenith.apps";

  /** The answer of {@code GET /v1.0/metadata}. */
  public JsonObject json() {
    JsonObject connection =
        new JsonObject().put("protocol", "http").put("channelAddress", "127.0.0.1");
    if (appPort > 0) {
      connection.put("port", appPort);
    }
    return new JsonObject()
        .put("id", id)
        .put("runtimeVersion", RUNTIME_VERSION)
        .put("enabledFeatures", new JsonArray())
        .put("actors", new JsonArray())
        .put("components", new JsonArray())
        .put("httpEndpoints", new JsonArray())
        .put("subscriptions", new JsonArray())
        .put("extended", extended())
        .put("appConnectionProperties", connection)
        .put("apps", new JsonArray(List.copyOf(apps)));
  }

  /** The answer of gRPC {@code GetMetadata}. */
  public DaprMetadataProtos.GetMetadataResponse proto() {
    var b =
        DaprMetadataProtos.GetMetadataResponse.newBuilder()
            .setId(id)
            .setRuntimeVersion(RUNTIME_VERSION)
            .putExtendedMetadata("daprRuntimeVersion", RUNTIME_VERSION)
            .putExtendedMetadata(APPS_KEY, String.join(",", apps));
    var connection =
        DaprMetadataProtos.AppConnectionProperties.newBuilder()
            .setProtocol("http")
            .setChannelAddress("127.0.0.1");
    if (appPort > 0) {
      connection.setPort(appPort);
    }
    return b.setAppConnectionProperties(connection).build();
  }

  private JsonObject extended() {
    return new JsonObject()
        .put("daprRuntimeVersion", RUNTIME_VERSION)
        .put(APPS_KEY, String.join(",", apps));
  }
}
