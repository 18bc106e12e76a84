package com.zenith.functions.local.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.local.store.Store;
import com.zenith.functions.local.store.StoreException;
import com.zenith.functions.local.store.WatchEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code GET ...?watch=true}: JSON watch events ({@code {"type":"ADDED","object":{...}}}), as lines
 * of a chunked answer, or as WebSocket text frames when the client asks for an upgrade (fabric8
 * does), filtered by label and field selectors, ended after {@code timeoutSeconds}, with periodic
 * BOOKMARK events when {@code allowWatchBookmarks} is set. A resourceVersion older than the store's
 * history gets one ERROR event with a 410 Status, which makes clients list again, as the API server
 * does. Table clients ({@code kubectl get -w}) get each object as a one-row Table.
 */
final class WatchHandler {
  /** How long a watch lasts when the client does not say (the API server picks 30-60 min). */
  private static final long DEFAULT_TIMEOUT_SECONDS = 1800;

  private static final long BOOKMARK_MILLIS = 15_000;

  /** A watcher whose unsent events exceed this is closed (it lists again). */
  private static final int MAX_QUEUED_BYTES = 16 * 1024 * 1024;

  private final Vertx vertx;
  private final Store store;
  private final Clock clock;

  WatchHandler(Vertx vertx, Store store, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
  }

  /** Where the events of one watch go: an HTTP answer or a WebSocket. */
  private interface Sink {
    void send(Buffer event);

    boolean full();

    void end();

    void onClose(Runnable r);
  }

  void serve(HttpServerRequest req, ApiPath p) {
    Predicate<JsonNode> match;
    long timeout;
    try {
      match =
          Selectors.labels(req.getParam("labelSelector"))
              .and(Selectors.fields(req.getParam("fieldSelector")));
      String t = req.getParam("timeoutSeconds");
      timeout = t == null ? DEFAULT_TIMEOUT_SECONDS : Long.parseLong(t);
    } catch (Selectors.InvalidSelector | NumberFormatException e) {
      Replies.failure(req.response(), 400, "BadRequest", e.getMessage());
      return;
    }
    Context ctx = vertx.getOrCreateContext();
    String upgrade = req.getHeader("Upgrade");
    if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
      req.toWebSocket()
          .onSuccess(ws -> stream(ctx, req, p, match, timeout, webSocket(ws)))
          .onFailure(
              e -> Replies.failure(req.response(), 400, "BadRequest", "WebSocket upgrade failed"));
      return;
    }
    HttpServerResponse res = req.response();
    res.setChunked(true)
        .setWriteQueueMaxSize(MAX_QUEUED_BYTES)
        .setStatusCode(200)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache, private");
    stream(ctx, req, p, match, timeout, http(res));
    // Headers now: a client waits for them before it counts the watch open.
    res.writeHead();
  }

  private void stream(
      Context ctx,
      HttpServerRequest req,
      ApiPath p,
      Predicate<JsonNode> match,
      long timeout,
      Sink sink) {
    boolean table = ResourceHandler.wantsTable(req);
    String includeObject = req.getParam("includeObject");
    AutoCloseable[] watch = new AutoCloseable[1];
    long[] timers = {-1, -1};
    boolean[] stopped = {false};
    Runnable stop =
        () -> {
          stopped[0] = true;
          for (long id : timers) {
            if (id >= 0) {
              vertx.cancelTimer(id);
            }
          }
          closeQuietly(watch[0]);
          sink.end();
        };
    sink.onClose(stop);
    timers[0] = vertx.setTimer(Math.max(1, timeout) * 1000, id -> stop.run());
    if (ResourceHandler.isTrue(req.getParam("allowWatchBookmarks"))) {
      timers[1] =
          vertx.setPeriodic(
              BOOKMARK_MILLIS,
              id -> {
                ObjectNode b =
                    Replies.JSON
                        .createObjectNode()
                        .put("kind", p.type().kind())
                        .put("apiVersion", p.type().apiVersion());
                b.putObject("metadata").put("resourceVersion", store.resourceVersion());
                sink.send(event("BOOKMARK", b));
              });
    }
    String from = req.getParam("resourceVersion");
    // Registering takes the store's write lock, which a writer holds while it flushes: a worker's
    // job, not the event loop's.
    vertx
        .executeBlocking(
            () ->
                store.watch(
                    p.type(),
                    p.namespace(),
                    from,
                    e ->
                        ctx.runOnContext(
                            v -> {
                              if (!stopped[0] && match.test(e.object())) {
                                sink.send(
                                    event(e.type().name(), render(p, e, table, includeObject)));
                                if (sink.full()) {
                                  // A client this far behind re-lists, as with the API server.
                                  stop.run();
                                }
                              }
                            })),
            false)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                watch[0] = ar.result();
                if (stopped[0]) {
                  closeQuietly(watch[0]);
                }
              } else if (ar.cause() instanceof StoreException e) {
                // The API server reports an expired version inside the stream, not as an error.
                sink.send(event("ERROR", KubeStatus.of(e, null, null)));
                stop.run();
              } else {
                stop.run();
              }
            });
  }

  private JsonNode render(ApiPath p, WatchEvent e, boolean table, String includeObject) {
    if (!table) {
      return e.object();
    }
    return Tables.table(
        p.type(),
        List.of(e.object()),
        e.object().path("metadata").path("resourceVersion").asText(),
        includeObject,
        clock.instant());
  }

  private static Buffer event(String type, JsonNode object) {
    ObjectNode line = Replies.JSON.createObjectNode().put("type", type);
    line.set("object", object);
    try {
      return Buffer.buffer(Replies.JSON.writeValueAsBytes(line)).appendString("\n");
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("a watch event did not encode", ex);
    }
  }

  private static Sink http(HttpServerResponse res) {
    return new Sink() {
      @Override
      public void send(Buffer event) {
        if (!res.ended() && !res.closed()) {
          res.write(event);
        }
      }

      @Override
      public boolean full() {
        return res.writeQueueFull();
      }

      @Override
      public void end() {
        if (!res.ended() && !res.closed()) {
          res.end();
        }
      }

      @Override
      public void onClose(Runnable r) {
        res.closeHandler(v -> r.run());
      }
    };
  }

  private static Sink webSocket(ServerWebSocket ws) {
    ws.setWriteQueueMaxSize(MAX_QUEUED_BYTES);
    return new Sink() {
      @Override
      public void send(Buffer event) {
        if (!ws.isClosed()) {
          ws.writeTextMessage(event.toString());
        }
      }

      @Override
      public boolean full() {
        return ws.writeQueueFull();
      }

      @Override
      public void end() {
        if (!ws.isClosed()) {
          ws.close();
        }
      }

      @Override
      public void onClose(Runnable r) {
        ws.closeHandler(v -> r.run());
      }
    };
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        // Closing a watch cannot fail in a way the client could act on.
      }
    }
  }
}
