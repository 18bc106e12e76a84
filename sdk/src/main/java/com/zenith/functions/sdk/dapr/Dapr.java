package com.zenith.functions.sdk.dapr;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Dapr service invocation over the sidecar's HTTP API (no gRPC): {@code
 * http://127.0.0.1:<DAPR_HTTP_PORT>/v1.0/invoke/<app-id>/method/<method>}. {@code
 * Functions.dapr("balance-manager")} returns a {@link com.zenith.functions.sdk.call.FunctionClient}
 * whose paths are Dapr method names, with the SDK's timeouts, retries and breaker.
 */
public final class Dapr {
  private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** The header that carries {@code DAPR_API_TOKEN}. */
  public static final String API_TOKEN_HEADER = "dapr-api-token";

  private Dapr() {}

  /**
   * The invoke base URL of an app; append {@code /<method>}.
   *
   * @param port the sidecar's HTTP port ({@code DAPR_HTTP_PORT}, default 3500)
   * @param appId the target's Dapr app ID, optionally {@code <app-id>.<namespace>}
   * @throws IllegalArgumentException when {@code appId} is not a valid app ID
   */
  public static URI invokeBase(int port, String appId) {
    if (appId == null || !APP_ID.matcher(appId).matches()) {
      throw new IllegalArgumentException("not a Dapr app ID: " + appId);
    }
    return URI.create("http://127.0.0.1:" + port + "/v1.0/invoke/" + appId + "/method");
  }
}
