package com.zenith.functions.local.gateway;

import com.zenith.functions.local.traces.HopObserver;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.Locale;
import java.util.Set;

/**
 * Handles one gateway request on an event loop: resolves the function the host names, forwards the
 * request to its local port streaming both bodies, tunnels CONNECT to known functions, and answers
 * everything else itself with a JSON error. It never forwards to a host it does not know.
 */
/**
 * Forwards a request to a function's local port, streaming both bodies and dropping hop-by-hop
 * headers, and tunnels CONNECT to a function; used on an event loop.
 */
final class Forwarder {
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authorization",
          "proxy-authenticate",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");
  private static final long SMALL_BODY = 64 * 1024;
  private static final String TRACEPARENT = "traceparent";

  private final HttpClient client;
  private final NetClient tunnels;
  private final Replies replies;
  private final RouteTable routes;
  private final HopObserver hops;
  private final String caller;

  /** {@code caller} names where requests come from for {@code hops}: external or ns/name. */
  Forwarder(Vertx vertx, Replies replies, RouteTable routes, HopObserver hops, String caller) {
    this.replies = replies;
    this.routes = routes;
    this.hops = hops;
    this.caller = caller;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(true)
                .setConnectTimeout(2_000)
                .setIdleTimeout(60)
                .setDecompressionSupported(false),
            new PoolOptions().setHttp1MaxSize(512));
    this.tunnels = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2_000));
  }

  void forward(HttpServerRequest req, Route route, String host, String path, long start) {
    req.pause();
    HopObserver.Hop hop =
        hops.begin(caller, route.key(), req.method().name(), path, req.headers().get(TRACEPARENT));
    Runnable release = routes.track(route.port());
    req.response().closeHandler(v -> release.run());
    req.response().endHandler(v -> release.run());
    RequestOptions options =
        new RequestOptions()
            .setMethod(req.method())
            .setHost("127.0.0.1")
            .setPort(route.port())
            .setURI(path);
    client
        .request(options)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                release.run();
                hop.end(0, ar.cause().getMessage());
                notAnswering(req, start, route, host, ar.cause());
                return;
              }
              var out = ar.result();
              copyHeaders(req.headers(), out.headers());
              out.headers().set(HttpHeaders.HOST, stripPortIfDefault(host));
              out.headers().add("X-Forwarded-For", req.remoteAddress().hostAddress());
              out.headers().set("X-Forwarded-Host", host);
              String traceparent = hop.traceparent();
              if (traceparent != null) {
                out.headers().set(TRACEPARENT, traceparent);
              }
              // Without a body, send none: streaming an empty request would make it chunked,
              // which servers like Python's http.server do not read, corrupting keep-alive.
              boolean hasBody =
                  req.headers().contains(HttpHeaders.CONTENT_LENGTH)
                      || req.headers().contains(HttpHeaders.TRANSFER_ENCODING);
              Future<HttpClientResponse> sent;
              long length = contentLength(req);
              if (length >= 0 && length <= SMALL_BODY) {
                // A small body goes out with the headers in one write: streamed separately, it
                // costs a round of delayed ACKs with some servers (the JDK's HttpServer).
                req.resume();
                sent = req.body().compose(out::send);
              } else if (hasBody) {
                sent = out.send(req);
              } else {
                req.resume();
                sent = out.send();
              }
              sent.onComplete(
                  rar -> {
                    HttpServerResponse res = req.response();
                    if (rar.failed()) {
                      hop.end(0, rar.cause().getMessage());
                      if (!res.headWritten()) {
                        replies.reply(
                            req,
                            start,
                            route.key(),
                            502,
                            Replies.error(
                                "function " + route.name() + " failed: " + rar.cause().getMessage(),
                                host));
                      } else {
                        res.reset();
                      }
                      return;
                    }
                    HttpClientResponse in = rar.result();
                    res.setStatusCode(in.statusCode());
                    res.setStatusMessage(in.statusMessage());
                    copyHeaders(in.headers(), res.headers());
                    if (!in.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                      res.setChunked(true);
                    }
                    in.pipeTo(res)
                        .onComplete(
                            done -> {
                              hop.end(
                                  done.failed() ? 0 : in.statusCode(),
                                  done.failed() ? done.cause().getMessage() : null);
                              replies.log(req, route.key(), path, in.statusCode(), start);
                            });
                  });
            });
  }

  /** A function whose port refuses the connection: a JSON 503, the request released. */
  private void notAnswering(
      HttpServerRequest req, long start, Route route, String host, Throwable cause) {
    req.resume();
    replies.reply(
        req,
        start,
        route.key(),
        503,
        Replies.error("function " + route.name() + " does not answer: " + cause.getMessage(), host)
            .put("function", route.name()));
  }

  void tunnel(HttpServerRequest req, Route route, String target, long start) {
    req.pause();
    tunnels
        .connect(route.port(), "127.0.0.1")
        .onComplete(
            ar -> {
              if (ar.failed()) {
                notAnswering(req, start, route, target, ar.cause());
                return;
              }
              var backend = ar.result();
              req.toNetSocket()
                  .onSuccess(
                      front -> {
                        front.pipeTo(backend);
                        backend.pipeTo(front);
                        replies.log(req, route.key(), "CONNECT " + target, 200, start);
                      })
                  .onFailure(e -> backend.close());
            });
  }

  private static long contentLength(HttpServerRequest req) {
    String v = req.headers().get(HttpHeaders.CONTENT_LENGTH);
    if (v == null) {
      return -1;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void copyHeaders(MultiMap from, MultiMap to) {
    String connection = from.get(HttpHeaders.CONNECTION);
    for (var e : from) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(name) || name.equals("host")) {
        continue;
      }
      if (connection != null && connection.toLowerCase(Locale.ROOT).contains(name)) {
        continue; // headers named by Connection are hop-by-hop too
      }
      to.add(e.getKey(), e.getValue());
    }
  }

  private static String stripPortIfDefault(String host) {
    return host != null && host.endsWith(":80") ? host.substring(0, host.length() - 3) : host;
  }
}
