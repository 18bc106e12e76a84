package com.zenith.functions.local.kube;

import com.zenith.functions.local.store.ResourceType;
import com.zenith.functions.local.store.StoreException;
import com.zenith.functions.local.store.Views;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * {@code GET /api/v1/namespaces/NS/pods/NAME/log}: the Pod's log from {@link Views#log}, copied
 * from a virtual thread (reading may block, and with {@code follow} lasts as long as the client),
 * with backpressure: the reader waits while the connection's write queue is full.
 */
final class LogHandler {
  /** The one container of a function's Pod, as Knative names it. */
  static final String CONTAINER = "user-container";

  private final Vertx vertx;
  private final Views views;

  LogHandler(Vertx vertx, Views views) {
    this.vertx = vertx;
    this.views = views;
  }

  void serve(HttpServerRequest req, ApiPath p) {
    String container = req.getParam("container");
    if (container != null && !container.isEmpty() && !container.equals(CONTAINER)) {
      Replies.failure(
          req.response(),
          400,
          "BadRequest",
          "container " + container + " is not valid for pod " + p.name());
      return;
    }
    Views.LogRequest lr;
    try {
      lr =
          new Views.LogRequest(
              intParam(req, "tailLines"),
              ResourceHandler.isTrue(req.getParam("follow")),
              ResourceHandler.isTrue(req.getParam("previous")),
              req.getParam("sinceSeconds") == null
                  ? null
                  : Long.parseLong(req.getParam("sinceSeconds")));
    } catch (NumberFormatException e) {
      Replies.failure(req.response(), 400, "BadRequest", "invalid number: " + e.getMessage());
      return;
    }
    HttpServerResponse res = req.response();
    Context ctx = vertx.getOrCreateContext();
    Thread.ofVirtual().name("pod-log-" + p.name()).start(() -> copy(ctx, res, p, lr));
  }

  private void copy(Context ctx, HttpServerResponse res, ApiPath p, Views.LogRequest lr) {
    Optional<InputStream> log;
    try {
      log = views.log(p.namespace() == null ? "default" : p.namespace(), p.name(), lr);
    } catch (IOException | RuntimeException e) {
      ctx.runOnContext(
          v ->
              Replies.failure(
                  res, 500, "InternalError", "cannot read the log of " + p.name() + ": " + e));
      return;
    }
    if (log.isEmpty()) {
      ctx.runOnContext(
          v ->
              Replies.refused(
                  res,
                  StoreException.notFound(ResourceType.POD, p.name()),
                  ResourceType.POD,
                  p.name()));
      return;
    }
    try (InputStream in = log.get()) {
      Semaphore writable = new Semaphore(0);
      ctx.runOnContext(
          v -> {
            res.setChunked(true)
                .setStatusCode(200)
                .putHeader("Content-Type", "text/plain")
                .closeHandler(
                    c -> {
                      closeQuietly(in);
                      writable.release(Integer.MAX_VALUE / 2);
                    });
            res.writeHead();
            writable.release();
          });
      writable.acquire();
      byte[] buf = new byte[16 * 1024];
      int n;
      while (!res.closed() && (n = in.read(buf)) >= 0) {
        Buffer chunk = Buffer.buffer().appendBytes(buf, 0, n);
        ctx.runOnContext(
            v -> {
              if (!res.closed() && !res.ended()) {
                res.write(chunk);
                if (res.writeQueueFull()) {
                  res.drainHandler(d -> writable.release());
                  return;
                }
              }
              writable.release();
            });
        writable.acquire();
      }
    } catch (IOException e) {
      // The stream ended under us (the client left, or the instance stopped): end the answer.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ctx.runOnContext(
        v -> {
          if (!res.ended() && !res.closed()) {
            res.end();
          }
        });
  }

  private static Integer intParam(HttpServerRequest req, String name) {
    String v = req.getParam(name);
    return v == null ? null : Integer.valueOf(v);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // Closing only unblocks the reader.
    }
  }
}
