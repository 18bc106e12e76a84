package com.zenith.functions.local.events;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The broker's HTTP client for deliveries: Vert.x's client on one event loop of its own, with
 * keep-alive connections to each subscriber's port. It replaced the JDK's HttpClient, whose
 * allocations were half of the engine's under load (the young collections they caused were the tail
 * of bench/events), and which hopped each answer across two more threads.
 */
final class SubscriberClient implements AutoCloseable {
  /**
   * A subscriber's answer: status, headers (names in lower case), the body's length and the body
   * itself, or nothing of it when it was longer than the client keeps.
   */
  record Answer(int status, Map<String, List<String>> headers, long length, byte[] body) {
    /** The first value of header {@code name} (lower case), or null. */
    String header(String name) {
      List<String> v = headers.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  private final Vertx vertx;
  private final HttpClientAgent http;
  private final long maxBody;

  /**
   * A client keeping up to {@code connectionsPerPort} connections to each subscriber port, and of
   * an answer's body at most {@code maxBody} bytes (a longer one is read to its end and dropped, so
   * a subscriber cannot make the engine hold more than that per delivery).
   */
  SubscriberClient(int connectionsPerPort, Duration connectTimeout, long maxBody) {
    this.maxBody = maxBody;
    this.vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setPreferNativeTransport(true));
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(true)
                .setConnectTimeout((int) connectTimeout.toMillis())
                // A connection idle this long is closed, as the JDK client did.
                .setKeepAliveTimeout(60),
            new PoolOptions().setHttp1MaxSize(connectionsPerPort).setMaxWaitQueueSize(-1));
  }

  /**
   * POSTs {@code body} with {@code headers} to {@code 127.0.0.1:port/}; fails with a {@link
   * TimeoutException} when the whole answer has not come within {@code timeout} (the request is
   * then reset), or with the connection's error.
   */
  CompletableFuture<Answer> post(
      int port, Map<String, String> headers, byte[] body, Duration timeout) {
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI("/");
    headers.forEach(options::putHeader);
    long timeoutMillis = Math.max(1, timeout.toMillis());
    // Waiting for a pooled connection counts against the timeout too.
    options.setConnectTimeout(timeoutMillis);
    try {
      vertx.runOnContext(v -> send(options, body, timeoutMillis, answer));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      answer.completeExceptionally(e); // closed meanwhile
    }
    return answer;
  }

  /** On the client's event loop: the request, its timer, its answer. */
  private void send(
      RequestOptions options, byte[] body, long timeoutMillis, CompletableFuture<Answer> answer) {
    HttpClientRequest[] sent = new HttpClientRequest[1];
    long timer =
        vertx.setTimer(
            timeoutMillis,
            t -> {
              if (answer.completeExceptionally(
                      new TimeoutException(
                          "no answer within " + timeoutMillis + " ms (request timed out)"))
                  && sent[0] != null) {
                sent[0].reset();
              }
            });
    http.request(options)
        .compose(
            req -> {
              if (answer.isDone()) {
                // Timed out while it waited for a connection: never sent late.
                req.reset();
                return io.vertx.core.Future.failedFuture("timed out before it was sent");
              }
              sent[0] = req;
              req.idleTimeout(timeoutMillis); // a backstop should the timer be lost
              return req.send(Buffer.buffer(body));
            })
        .compose(this::read)
        .onComplete(
            r -> {
              vertx.cancelTimer(timer);
              if (r.succeeded()) {
                answer.complete(r.result());
              } else {
                answer.completeExceptionally(r.cause());
              }
            });
  }

  private io.vertx.core.Future<Answer> read(io.vertx.core.http.HttpClientResponse res) {
    io.vertx.core.Promise<Answer> done = io.vertx.core.Promise.promise();
    Buffer kept = Buffer.buffer();
    long[] length = {0};
    res.handler(
        b -> {
          length[0] += b.length();
          if (length[0] <= maxBody) {
            kept.appendBuffer(b);
          }
        });
    res.exceptionHandler(done::tryFail);
    res.endHandler(
        v -> done.tryComplete(answerOf(res, length[0], length[0] <= maxBody ? kept : null)));
    return done.future();
  }

  private static Answer answerOf(
      io.vertx.core.http.HttpClientResponse res, long length, Buffer body) {
    Map<String, List<String>> headers = new TreeMap<>();
    res.headers()
        .forEach(
            h ->
                headers
                    .computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
                    .add(h.getValue()));
    return new Answer(
        res.statusCode(), headers, length, body == null ? new byte[0] : body.getBytes());
  }

  @Override
  public void close() {
    try {
      vertx.close().await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing: the connections go with the process
    }
  }
}
