package com.zenith.functions.local.kube;

import com.zenith.functions.local.store.Store;
import com.zenith.functions.local.store.Views;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.KeyCertOptions;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's Kubernetes API: enough of it, on loopback over plain HTTP, that kubectl and fabric8
 * clients work unmodified against the engine's {@link Store} and {@link Views}. Every request needs
 * the bearer token; a request from a web page (an {@code Origin} other than the server's own) is
 * refused even with it. Runs on Vert.x event loops; store writes, view reads and log streams run
 * off them.
 */
public final class KubeApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubeApiServer.class);

  /** The largest request body accepted (the API server's limit is 3 MiB too). */
  static final int MAX_BODY = 3 * 1024 * 1024;

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final Token token;
  private final ServingCertificate tls;
  private final ResourceHandler resources;
  private final OpenApi openApi = new OpenApi();
  private HttpServer server;
  private int port;

  /**
   * An API over {@code store} and {@code views}, on a Vert.x instance of its own, serving TLS with
   * {@code tls} (null: plain HTTP, which kubectl refuses to send a token to; for other clients).
   */
  public KubeApiServer(Store store, Views views, Token token, ServingCertificate tls) {
    this(Vertx.vertx(), true, store, views, token, tls);
  }

  /** An API on a shared Vert.x instance (which it does not close). */
  public KubeApiServer(Vertx vertx, Store store, Views views, Token token, ServingCertificate tls) {
    this(vertx, false, store, views, token, tls);
  }

  private KubeApiServer(
      Vertx vertx, boolean owns, Store store, Views views, Token token, ServingCertificate tls) {
    this.vertx = vertx;
    this.ownsVertx = owns;
    this.token = token;
    this.tls = tls;
    this.resources = new ResourceHandler(vertx, store, views, Clock.systemUTC());
  }

  /**
   * Listens on 127.0.0.1:{@code port} (0: a free port).
   *
   * @return the port bound
   */
  public int start(int port) throws Exception {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost("127.0.0.1")
            .setPort(port)
            .setMaxFormAttributeSize(MAX_BODY)
            .setIdleTimeout(0);
    if (tls != null) {
      options.setSsl(true).setKeyCertOptions(KeyCertOptions.wrap(tls.keyManagers()));
    }
    server = vertx.createHttpServer(options);
    server.requestHandler(this::handle);
    this.port = server.listen().await(10, TimeUnit.SECONDS).actualPort();
    LOG.info("Kubernetes API listening on {}", url());
    return this.port;
  }

  /** The server's URL, for a kubeconfig. */
  public String url() {
    return (tls == null ? "http" : "https") + "://127.0.0.1:" + port;
  }

  private void handle(HttpServerRequest req) {
    LOG.debug("{} {}", req.method(), req.uri());
    String origin = req.getHeader("Origin");
    String scheme = tls == null ? "http://" : "https://";
    if (origin != null
        && !origin.equals(scheme + "127.0.0.1:" + port)
        && !origin.equals(scheme + "localhost:" + port)) {
      // A web page must never drive the engine, whatever it sends.
      Replies.failure(
          req.response(),
          403,
          "Forbidden",
          "requests from web pages (Origin " + origin + ") are refused");
      return;
    }
    String auth = req.getHeader("Authorization");
    if (auth == null || !auth.startsWith("Bearer ") || !token.matches(auth.substring(7).trim())) {
      Replies.failure(req.response(), 401, "Unauthorized", "Unauthorized");
      return;
    }
    String length = req.getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_BODY) {
      Replies.failure(req.response(), 413, "RequestEntityTooLarge", "the request is too large");
      return;
    }
    if (req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.DELETE)) {
      route(req, null);
    } else {
      req.body()
          .onSuccess(b -> route(req, b))
          .onFailure(
              e -> Replies.failure(req.response(), 400, "BadRequest", "cannot read the body"));
    }
  }

  private void route(HttpServerRequest req, Buffer body) {
    String path = req.path();
    var r = req.response();
    switch (path) {
      case "/healthz", "/readyz", "/livez" -> {
        r.putHeader("Content-Type", "text/plain").end("ok");
        return;
      }
      case "/version" -> {
        Replies.json(r, 200, Discovery.version());
        return;
      }
      case "/api", "/api/" -> {
        Replies.json(r, 200, Discovery.coreVersions("127.0.0.1:" + port));
        return;
      }
      case "/apis", "/apis/" -> {
        Replies.json(r, 200, Discovery.groups());
        return;
      }
      case "/openapi/v3", "/openapi/v3/" -> {
        Replies.json(r, 200, openApi.index());
        return;
      }
      default -> {
        // the paths below
      }
    }
    if (path.startsWith("/openapi/v3/")) {
      var doc = openApi.document(path.substring("/openapi/v3/".length()));
      if (doc == null) {
        Replies.failure(r, 404, "NotFound", "the server could not find the requested resource");
      } else {
        Replies.json(r, 200, doc);
      }
      return;
    }
    if (path.startsWith("/apis/") && path.replaceAll("^/apis/|/$", "").indexOf('/') < 0) {
      var g = Discovery.group(path.replaceAll("^/apis/|/$", ""));
      if (g == null) {
        Replies.failure(r, 404, "NotFound", "the server could not find the requested resource");
      } else {
        Replies.json(r, 200, g);
      }
      return;
    }
    switch (ApiPath.parse(path)) {
      case ApiPath.GroupVersion gv ->
          Replies.json(r, 200, Discovery.resources(gv.group(), gv.version()));
      case ApiPath.Unknown u -> Replies.failure(r, 404, "NotFound", u.why());
      case ApiPath.Resource res -> resources.handle(req, res.path(), body);
    }
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.close().await(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      LOG.warn("the Kubernetes API did not close cleanly: {}", e.toString());
    } finally {
      if (ownsVertx) {
        vertx.close();
      }
    }
  }
}
