package com.zenith.functions.local.gateway;

import com.zenith.functions.local.traces.HopObserver;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forwards a request to a function's local port, streaming both bodies and dropping hop-by-hop
 * headers, and tunnels CONNECT to a function; used on an event loop. A request is bounded end to
 * end by its function's timeout (504, the upstream call cancelled, as Knative's queue-proxy does);
 * a client that goes away early cancels the upstream call too.
 */
final class Forwarder {
  private static final long SMALL_BODY = 64 * 1024;
  static final String TRACEPARENT = "traceparent";

  /** The hop of a gateway that observes nothing: no header read, nothing allocated per request. */
  static final HopObserver.Hop NO_HOP =
      new HopObserver.Hop() {
        @Override
        public String traceparent() {
          return null; // the incoming header, if any, goes on with the others
        }

        @Override
        public void end(int status, String error) {}
      };

  static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("X-Forwarded-For");
  static final CharSequence X_FORWARDED_HOST = HttpHeaders.createOptimized("X-Forwarded-Host");

  private final Vertx vertx;
  private final HttpClient client;
  private final NetClient tunnels;
  private final Replies replies;
  private final RouteTable routes;
  private final Deadlines deadlines;
  private final HopObserver hops;
  private final String caller;

  /** {@code caller} names where requests come from for {@code hops}: external or ns/name. */
  Forwarder(Vertx vertx, Replies replies, RouteTable routes, HopObserver hops, String caller) {
    this.vertx = vertx;
    this.replies = replies;
    this.routes = routes;
    this.deadlines = new Deadlines(vertx);
    this.hops = hops;
    this.caller = caller;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(true)
                // Pooled connections idle for a minute are closed; a request in flight is bounded
                // by its function's timeout alone (an idle timeout would cut slow answers).
                .setKeepAliveTimeout(60)
                .setIdleTimeout(0)
                .setConnectTimeout(2_000)
                .setDecompressionSupported(false),
            new PoolOptions().setHttp1MaxSize(512));
    this.tunnels = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2_000));
  }

  void forward(HttpServerRequest req, Route route, String host, String path, long start) {
    req.pause();
    Call call = new Call(req, route, host, path, start);
    if (!call.arm()) {
      return;
    }
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
                if (call.finish(0, ar.cause().getMessage())) {
                  notAnswering(req, start, route, host, ar.cause());
                }
                return;
              }
              var out = ar.result();
              if (!call.upstream(out)) {
                return; // timed out or the client went away while connecting
              }
              ForwardedHeaders.copy(req.headers(), out.headers());
              out.headers().set(HttpHeaders.HOST, ForwardedHeaders.stripPortIfDefault(host));
              out.headers().add(X_FORWARDED_FOR, req.remoteAddress().hostAddress());
              out.headers().set(X_FORWARDED_HOST, host);
              String traceparent = call.hop.traceparent();
              if (traceparent != null) {
                out.headers().set(TRACEPARENT, traceparent);
              }
              // Without a body, send none: streaming an empty request would make it chunked,
              // which servers like Python's http.server do not read, corrupting keep-alive.
              boolean hasBody =
                  req.headers().contains(HttpHeaders.CONTENT_LENGTH)
                      || req.headers().contains(HttpHeaders.TRANSFER_ENCODING);
              Future<HttpClientResponse> sent;
              long length = ForwardedHeaders.contentLength(req);
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
                    if (call.finished()) {
                      return; // answered 504 or the client is gone: the call was cancelled
                    }
                    HttpServerResponse res = req.response();
                    if (rar.failed()) {
                      call.finish(0, rar.cause().getMessage());
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
                    int status = in.statusCode();
                    res.setStatusCode(status);
                    String reason = in.statusMessage();
                    if (reason != null
                        && !reason.equals(HttpResponseStatus.valueOf(status).reasonPhrase())) {
                      res.setStatusMessage(reason); // a standard one is set by the status code
                    }
                    ForwardedHeaders.copy(in.headers(), res.headers());
                    if (!in.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                      res.setChunked(true);
                    }
                    in.pipeTo(res)
                        .onComplete(
                            done -> {
                              if (call.finish(
                                  done.failed() ? 0 : in.statusCode(),
                                  done.failed() ? done.cause().getMessage() : null)) {
                                replies.log(req, route.key(), path, in.statusCode(), start);
                              }
                            });
                  });
            });
  }

  /**
   * One forwarded request's lifecycle: counted in flight until it ends, bounded by the function's
   * timeout, cancelled upstream when it times out or the client goes away. Event-loop confined.
   */
  private final class Call extends Deadlines.Entry {
    private final HttpServerRequest req;
    private final Route route;
    private final String host;
    private final String path;
    private final long start;
    private final AtomicInteger inFlight;
    private boolean released;
    private final HopObserver.Hop hop;
    private HttpClientRequest out;
    private boolean finished;

    Call(HttpServerRequest req, Route route, String host, String path, long start) {
      this.req = req;
      this.route = route;
      this.host = host;
      this.path = path;
      this.start = start;
      this.inFlight = routes.inFlightCounter(route.port());
      inFlight.incrementAndGet();
      this.hop =
          hops == HopObserver.NONE
              ? NO_HOP
              : hops.begin(
                  caller, route.key(), req.method().name(), path, req.headers().get(TRACEPARENT));
    }

    /** Starts the clock; false (and answered) when the time is already up. */
    boolean arm() {
      long left = route.timeoutMillis() - (System.nanoTime() - start) / 1_000_000;
      if (left <= 0) {
        expire();
        return false;
      }
      deadlines.add(this, start + route.timeoutMillis() * 1_000_000);
      HttpServerResponse res = req.response();
      res.closeHandler(v -> clientGone());
      res.endHandler(v -> settle());
      return true;
    }

    /** The upstream request exists; false (and it is cancelled) when the call already ended. */
    boolean upstream(HttpClientRequest request) {
      if (finished) {
        request.reset();
        return false;
      }
      out = request;
      return true;
    }

    boolean finished() {
      return finished;
    }

    /**
     * Ends the call once: true for the first caller, who then answers or logs. The hop ends with
     * {@code status} (0: the function gave no answer, {@code error} says why).
     */
    boolean finish(int status, String error) {
      if (finished) {
        return false;
      }
      finished = true;
      settle();
      hop.end(status, error);
      return true;
    }

    /** The answer is out (or the call ended): stop the clock, no longer in flight. */
    private void settle() {
      deadlines.remove(this);
      if (!released) {
        released = true;
        inFlight.decrementAndGet();
      }
    }

    @Override
    void expire() {
      if (!finish(0, Replies.timeoutNote(route))) {
        return;
      }
      cancelUpstream();
      HttpServerResponse res = req.response();
      if (res.headWritten()) {
        res.reset(); // part of the answer is out: the client sees the connection cut
        replies.log(req, route.key(), path, 504, start);
        return;
      }
      req.resume();
      replies.reply(req, start, route.key(), 504, Replies.timedOut(route, host));
    }

    private void clientGone() {
      if (req.response().ended()
          || !finish(Replies.CLIENT_CLOSED, "the client closed the connection before the answer")) {
        return;
      }
      cancelUpstream();
      // One access-log line, as nginx's 499: the client closed the connection before the answer.
      replies.log(req, route.key(), path, Replies.CLIENT_CLOSED, start);
    }

    private void cancelUpstream() {
      if (out != null) {
        out.reset();
      }
    }
  }

  /** A function whose port refuses the connection: a JSON 503, the request released. */
  private void notAnswering(
      HttpServerRequest req, long start, Route route, String host, Throwable cause) {
    req.resume();
    replies.reply(req, start, route.key(), 503, Replies.notAnswering(route, host, cause));
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
}
