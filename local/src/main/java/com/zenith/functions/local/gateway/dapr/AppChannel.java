package com.zenith.functions.local.gateway.dapr;

import com.zenith.functions.local.gateway.Route;
import com.zenith.functions.local.gateway.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Dapr's "app channel": one buffered HTTP request to a function's port, for invocations that arrive
 * over gRPC (whose messages are whole in memory anyway). Counts the request in flight so that a
 * replaced instance is stopped only after it, and can be cancelled.
 */
final class AppChannel {
  /** The function's answer. */
  record Reply(int status, String statusMessage, String contentType, Buffer body) {}

  /** A request under way. */
  static final class Call {
    private final Promise<Reply> reply = Promise.promise();
    private final AtomicReference<HttpClientRequest> request = new AtomicReference<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** Completes with the answer, or fails when the function cannot be reached. */
    Future<Reply> reply() {
      return reply.future();
    }

    /** Resets the request to the function (the caller went away or its deadline passed). */
    void cancel() {
      cancelled.set(true);
      HttpClientRequest r = request.get();
      if (r != null) {
        r.reset();
      }
    }
  }

  private final HttpClient client;
  private final RouteTable routes;

  AppChannel(Vertx vertx, RouteTable routes) {
    this.routes = routes;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(true)
                .setConnectTimeout(2_000)
                .setDecompressionSupported(false),
            new PoolOptions().setHttp1MaxSize(64));
  }

  /** Sends {@code body} to {@code route} as {@code method uri} with {@code headers}. */
  Call call(
      Route route, HttpMethod method, String uri, MultiMap headers, Buffer body, long timeoutMs) {
    Call call = new Call();
    Runnable release = routes.track(route.port());
    call.reply.future().onComplete(ar -> release.run());
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setHost("127.0.0.1")
            .setPort(route.port())
            .setURI(uri)
            .setHeaders(headers)
            .putHeader(
                HttpHeaders.HOST, route.name() + "." + route.namespace() + ".svc.cluster.local")
            .setIdleTimeout(timeoutMs);
    client
        .request(options)
        .onFailure(call.reply::tryFail)
        .onSuccess(
            req -> {
              call.request.set(req);
              if (call.cancelled.get()) {
                req.reset();
                call.reply.tryFail("cancelled");
                return;
              }
              req.send(body)
                  .compose(
                      res ->
                          res.body()
                              .map(
                                  b ->
                                      new Reply(
                                          res.statusCode(),
                                          res.statusMessage(),
                                          res.getHeader(HttpHeaders.CONTENT_TYPE),
                                          b)))
                  .onComplete(
                      ar -> {
                        if (ar.succeeded()) {
                          call.reply.tryComplete(ar.result());
                        } else {
                          call.reply.tryFail(ar.cause());
                        }
                      });
            });
    return call;
  }

  /** Closes the connections. */
  Future<Void> close() {
    return client.close();
  }
}
