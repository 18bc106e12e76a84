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
import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code GET ...?watch=true}: a chunked stream of JSON watch events ({@code {"type":"ADDED",
 * "object":{...}}} a line), filtered by label and field selectors, ended after {@code
 * timeoutSeconds}, with periodic BOOKMARK events when {@code allowWatchBookmarks} is set. A
 * resourceVersion older than the store's history gets one ERROR event with a 410 Status, which
 * makes clients list again, as the API server does. Table clients ({@code kubectl get -w}) get each
 * object as a one-row Table.
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
    boolean table = ResourceHandler.wantsTable(req);
    String includeObject = req.getParam("includeObject");
    HttpServerResponse res = req.response();
    res.setChunked(true)
        .setWriteQueueMaxSize(MAX_QUEUED_BYTES)
        .setStatusCode(200)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache, private");
    Context ctx = vertx.getOrCreateContext();
    AutoCloseable[] watch = new AutoCloseable[1];
    long[] timers = {-1, -1};
    Runnable stop =
        () -> {
          for (long id : timers) {
            if (id >= 0) {
              vertx.cancelTimer(id);
            }
          }
          closeQuietly(watch[0]);
          if (!res.ended() && !res.closed()) {
            res.end();
          }
        };
    try {
      watch[0] =
          store.watch(
              p.type(),
              p.namespace(),
              req.getParam("resourceVersion"),
              e ->
                  ctx.runOnContext(
                      v -> {
                        if (match.test(e.object())) {
                          send(res, e.type().name(), render(p, e, table, includeObject));
                          if (res.writeQueueFull()) {
                            // A client this far behind re-lists, as with the API server.
                            stop.run();
                          }
                        }
                      }));
    } catch (StoreException e) {
      // The API server reports an expired version inside the stream, not as an HTTP error.
      send(res, "ERROR", KubeStatus.of(e, null, null));
      res.end();
      return;
    }
    res.closeHandler(v -> stop.run());
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
                send(res, "BOOKMARK", b);
              });
    }
    // Headers now, so clients know the watch is open before the first event.
    res.write(Buffer.buffer());
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

  private static void send(HttpServerResponse res, String type, JsonNode object) {
    if (res.ended() || res.closed()) {
      return;
    }
    ObjectNode line = Replies.JSON.createObjectNode().put("type", type);
    line.set("object", object);
    try {
      res.write(Buffer.buffer(Replies.JSON.writeValueAsBytes(line)).appendString("\n"));
    } catch (JsonProcessingException ex) {
      res.reset();
    }
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
