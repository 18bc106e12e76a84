package com.zenith.functions.local.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code GET /_zenith/v1/updates}: one server-sent event stream with everything the dashboard
 * shows. At connect it sends each view's JSON ({@code functions}, {@code deadLetters}, {@code
 * traces}, {@code graph}: the bodies of their endpoints) and the deliveries so far; afterwards only
 * what changed, checked every {@link #PERIOD_MS} ms on the event loop (every source is in memory),
 * and new deliveries as a {@code deliveries} event with an array of the new records.
 */
final class LiveFeed {
  static final String PATH = "/_zenith/v1/updates";
  static final long PERIOD_MS = 500;
  private static final long KEEP_ALIVE_MS = 15_000;
  // What the dashboard lists; the traces endpoint sorts failed and slowest first within it.
  private static final String TRACE_LIMIT = "50";
  private static final int MAX_DELIVERIES = 500;

  private final Vertx vertx;
  private final ControlApi control;
  private final Replies replies;

  LiveFeed(Vertx vertx, ControlApi control, Replies replies) {
    this.vertx = vertx;
    this.control = control;
    this.replies = replies;
  }

  void handle(HttpServerRequest req, long start) {
    HttpServerResponse res = req.response();
    ServerSentEvents.start(res);
    replies.log(req, "dashboard", PATH, 200, start);
    Stream stream = new Stream(res);
    stream.tick();
    long timer = vertx.setPeriodic(PERIOD_MS, id -> stream.tick());
    res.closeHandler(v -> vertx.cancelTimer(timer));
    res.exceptionHandler(e -> vertx.cancelTimer(timer));
  }

  /** One client's stream: what it was last sent. */
  private final class Stream {
    private final HttpServerResponse res;
    private final Map<String, String> sent = new HashMap<>();
    private long deliveredUpTo;
    private long lastWrite = System.currentTimeMillis();

    Stream(HttpServerResponse res) {
      this.res = res;
    }

    void tick() {
      if (res.closed() || res.ended() || res.writeQueueFull()) {
        return; // a slow client gets the latest state once it has read what it has
      }
      snapshot("functions", control.functionsJson());
      snapshot("deadLetters", control.deadLetters(false).json());
      snapshot("traces", control.traces(null, null, TRACE_LIMIT).json());
      snapshot("graph", control.graph().json());
      deliveries();
      if (System.currentTimeMillis() - lastWrite > KEEP_ALIVE_MS) {
        write(ServerSentEvents.keepAlive());
      }
    }

    private void snapshot(String event, String json) {
      if (!json.equals(sent.get(event))) {
        sent.put(event, json);
        write(ServerSentEvents.frame(event, json));
      }
    }

    private void deliveries() {
      ControlApi.Answer a = control.deliveries(deliveredUpTo);
      if (a.status() != 200) {
        snapshot("deliveries", new JsonObject().put("error", errorOf(a)).encode());
        return;
      }
      JsonArray fresh = new JsonArray();
      for (Object o : new JsonArray(a.json())) {
        if (o instanceof JsonObject r && r.getLong("seq", 0L) > deliveredUpTo) {
          fresh.add(r);
        }
      }
      if (!fresh.isEmpty() || !sent.containsKey("deliveries")) {
        for (Object o : fresh) {
          deliveredUpTo = Math.max(deliveredUpTo, ((JsonObject) o).getLong("seq", 0L));
        }
        while (fresh.size() > MAX_DELIVERIES) {
          fresh.remove(0); // the page shows the latest ones only
        }
        sent.put("deliveries", "");
        write(ServerSentEvents.frame("deliveries", fresh.encode()));
      }
    }

    private String errorOf(ControlApi.Answer a) {
      try {
        return new JsonObject(a.json()).getString("error", "status " + a.status());
      } catch (RuntimeException e) {
        return "status " + a.status();
      }
    }

    private void write(String frame) {
      lastWrite = System.currentTimeMillis();
      res.write(frame);
    }
  }
}
