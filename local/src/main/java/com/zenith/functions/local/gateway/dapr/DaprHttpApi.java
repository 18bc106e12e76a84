package com.zenith.functions.local.gateway.dapr;

import com.zenith.functions.local.gateway.Route;
import com.zenith.functions.local.gateway.RouteTable;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Dapr's sidecar HTTP API as far as the local engine serves it, for one calling function: service
 * invocation ({@code /v1.0/invoke/<app-id>/method/<method>} and the {@code dapr-app-id} header),
 * {@code /v1.0/healthz}, {@code /v1.0/healthz/outbound} and {@code /v1.0/metadata}. Any other path
 * of Dapr's API gets Dapr's own error shape naming what is not served. Runs on an event loop.
 */
public final class DaprHttpApi {
  /** The header that names the target app on any path. */
  public static final String APP_ID_HEADER = "dapr-app-id";

  static final String CALLER_HEADER = "dapr-caller-app-id";
  static final String CALLEE_HEADER = "dapr-callee-app-id";
  private static final String INVOKE = "/v1.0/invoke/";
  private static final String METHOD = "/method/";

  /** What the gateway does for this API: forward to a function, answer, log. */
  public interface Upstream {
    /** Forwards {@code req} to {@code route} as {@code path} (with query), streaming both ways. */
    void forward(HttpServerRequest req, Route route, String path, long start);

    /** Writes the access log line of a request answered here. */
    void log(HttpServerRequest req, String target, String path, int status, long start);
  }

  private final RouteTable routes;
  private final DaprCaller caller;
  private final Upstream upstream;

  /** The API for requests arriving from {@code caller}. */
  public DaprHttpApi(RouteTable routes, DaprCaller caller, Upstream upstream) {
    this.routes = routes;
    this.caller = caller;
    this.upstream = upstream;
  }

  /** True when a request to the gateway itself is for Dapr: its API's paths or the header form. */
  public static boolean handles(String path, MultiMap headers) {
    return isApiPath(path) || headers.contains(APP_ID_HEADER);
  }

  private static boolean isApiPath(String path) {
    return path.startsWith("/v1.0/")
        || path.equals("/v1.0")
        || path.startsWith("/v1.0?")
        || path.startsWith("/v1.0-");
  }

  /** Serves one request ({@code path} with its query) on the caller's event loop. */
  public void handle(HttpServerRequest req, String path, long start) {
    if (req.headers().contains(HttpHeaders.ORIGIN)) {
      // A web page must not reach cluster-local functions through a function's sidecar.
      error(
          req,
          start,
          path,
          new DaprError(
              403,
              "ERR_PERMISSION_DENIED",
              "requests from web pages (with an Origin header) are refused by the local Dapr API"));
      return;
    }
    if (path.startsWith(INVOKE)) {
      invokeByPath(req, path, start);
      return;
    }
    if (!isApiPath(path)) {
      String target = req.headers().get(APP_ID_HEADER).trim();
      invoke(req, target, path, start);
      return;
    }
    String clean = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    boolean read = req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD;
    if (read && (clean.equals("/v1.0/healthz") || clean.equals("/v1.0/healthz/outbound"))) {
      req.response().setStatusCode(204).end();
      upstream.log(req, "dapr", path, 204, start);
      return;
    }
    if (read && clean.equals("/v1.0/metadata")) {
      String body = caller.metadata(routes).json().encode();
      req.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
      upstream.log(req, "dapr", path, 200, start);
      return;
    }
    error(req, start, path, DaprError.notServed(req.method().name(), path));
  }

  private void invokeByPath(HttpServerRequest req, String path, long start) {
    String rest = path.substring(INVOKE.length());
    int method = rest.indexOf(METHOD);
    if (method <= 0) {
      error(
          req,
          start,
          path,
          new DaprError(
              400,
              "ERR_DIRECT_INVOKE_METHOD",
              "invalid method name: expected /v1.0/invoke/<app-id>/method/<method>, got " + path));
      return;
    }
    String appId = URLDecoder.decode(rest.substring(0, method), StandardCharsets.UTF_8);
    invoke(req, appId, "/" + rest.substring(method + METHOD.length()), start);
  }

  private void invoke(HttpServerRequest req, String appId, String path, long start) {
    if (appId.isEmpty()) {
      error(
          req,
          start,
          path,
          new DaprError(
              400,
              "ERR_DIRECT_INVOKE",
              "failed getting app id either from the URL path or the header dapr-app-id"));
      return;
    }
    DaprCaller.Target t = caller.resolve(routes, appId);
    if (t.error() != null) {
      error(req, start, path, t.error());
      return;
    }
    // As Dapr does, the callee learns who called; the routing header is Dapr's, not the app's.
    req.headers().remove(APP_ID_HEADER);
    req.headers().set(CALLER_HEADER, caller.appId(routes));
    req.headers().set(CALLEE_HEADER, t.route().appId());
    upstream.forward(req, t.route(), path, start);
  }

  private void error(HttpServerRequest req, long start, String path, DaprError e) {
    JsonObject body = e.json();
    if (!req.response().ended()) {
      req.response()
          .setStatusCode(e.status())
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(body.encode());
    }
    upstream.log(req, "dapr", path, e.status(), start);
  }
}
