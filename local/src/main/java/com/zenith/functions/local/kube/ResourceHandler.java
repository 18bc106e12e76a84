package com.zenith.functions.local.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.local.store.ResourceType;
import com.zenith.functions.local.store.Store;
import com.zenith.functions.local.store.StoreException;
import com.zenith.functions.local.store.Views;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Serves the verbs on resources: get, list, create, update (PUT), patch, delete, and the status
 * subresource; hands watches and pod logs to {@link WatchHandler} and {@link LogHandler}. Store
 * writes (which flush to disk and run admission) and view reads run on worker threads.
 */
final class ResourceHandler {
  private final Vertx vertx;
  private final Store store;
  private final Views views;
  private final Clock clock;
  private final WatchHandler watches;
  private final LogHandler logs;
  private final PatchHandler patches;

  ResourceHandler(Vertx vertx, Store store, Views views, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.views = views;
    this.clock = clock;
    this.watches = new WatchHandler(vertx, store, clock);
    this.logs = new LogHandler(vertx, views);
    this.patches = new PatchHandler(store);
  }

  void handle(HttpServerRequest req, ApiPath p, Buffer body) {
    HttpMethod m = req.method();
    ResourceType t = p.type();
    if ("log".equals(p.subresource())) {
      if (m.equals(HttpMethod.GET)) {
        logs.serve(req, p);
      } else {
        notAllowed(req, t);
      }
      return;
    }
    if (!t.stored() && !m.equals(HttpMethod.GET)) {
      notAllowed(req, t);
      return;
    }
    if (p.name() == null) {
      if (m.equals(HttpMethod.GET)) {
        if (isTrue(req.getParam("watch"))) {
          if (!t.stored()) {
            notAllowed(req, t);
          } else {
            watches.serve(req, p);
          }
        } else {
          list(req, p);
        }
      } else if (m.equals(HttpMethod.POST)) {
        blocking(req, p, 201, () -> create(req, p, body));
      } else {
        notAllowed(req, t);
      }
      return;
    }
    boolean status = "status".equals(p.subresource());
    switch (m.name()) {
      case "GET" -> get(req, p);
      case "PUT" -> blocking(req, p, 200, () -> replace(req, p, body, status));
      case "PATCH" ->
          blocking(
              req,
              p,
              200,
              () ->
                  patches.patch(
                      p, req.getHeader("Content-Type"), RequestBodies.parse(req, body), status));
      case "DELETE" -> delete(req, p);
      default -> notAllowed(req, t);
    }
  }

  private void get(HttpServerRequest req, ApiPath p) {
    vertx
        .executeBlocking(() -> read(p, p.name()), false)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                Replies.error(req.response(), ar.cause(), p.type(), p.name());
              } else if (ar.result() == null) {
                Replies.refused(
                    req.response(),
                    StoreException.notFound(p.type(), p.name()),
                    p.type(),
                    p.name());
              } else if (wantsTable(req)) {
                Replies.json(
                    req.response(),
                    200,
                    Tables.table(
                        p.type(),
                        List.of(ar.result()),
                        store.resourceVersion(),
                        req.getParam("includeObject"),
                        clock.instant()));
              } else {
                Replies.json(req.response(), 200, ar.result());
              }
            });
  }

  private ObjectNode read(ApiPath p, String name) {
    if (p.type().stored()) {
      return store.get(p.type(), p.namespace(), name).orElse(null);
    }
    for (ObjectNode o : views.list(p.type(), p.namespace())) {
      if (o.path("metadata").path("name").asText().equals(name)) {
        return o;
      }
    }
    return null;
  }

  private void list(HttpServerRequest req, ApiPath p) {
    Predicate<JsonNode> match;
    try {
      match =
          Selectors.labels(req.getParam("labelSelector"))
              .and(Selectors.fields(req.getParam("fieldSelector")));
    } catch (Selectors.InvalidSelector e) {
      Replies.failure(req.response(), 400, "BadRequest", e.getMessage());
      return;
    }
    vertx
        .executeBlocking(
            () -> {
              String rv = store.resourceVersion();
              List<ObjectNode> items = new ArrayList<>();
              for (ObjectNode o :
                  p.type().stored()
                      ? store.list(p.type(), p.namespace())
                      : views.list(p.type(), p.namespace())) {
                if (match.test(o)) {
                  items.add(o);
                }
              }
              return new Listed(rv, items);
            },
            false)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                Replies.error(req.response(), ar.cause(), p.type(), null);
              } else if (wantsTable(req)) {
                Replies.json(
                    req.response(),
                    200,
                    Tables.table(
                        p.type(),
                        ar.result().items(),
                        ar.result().resourceVersion(),
                        req.getParam("includeObject"),
                        clock.instant()));
              } else {
                ObjectNode l =
                    Replies.JSON
                        .createObjectNode()
                        .put("kind", p.type().kind() + "List")
                        .put("apiVersion", p.type().apiVersion());
                l.putObject("metadata").put("resourceVersion", ar.result().resourceVersion());
                l.putArray("items").addAll(List.copyOf(ar.result().items()));
                Replies.json(req.response(), 200, l);
              }
            });
  }

  private record Listed(String resourceVersion, List<ObjectNode> items) {}

  private ObjectNode create(HttpServerRequest req, ApiPath p, Buffer body) throws StoreException {
    RequestBodies.rejectDryRun(req);
    ObjectNode o = RequestBodies.object(RequestBodies.parse(req, body), p);
    try {
      return store.create(p.type(), o);
    } catch (StoreException e) {
      throw new Replies.Refusal(e, o.path("metadata").path("name").asText(""));
    }
  }

  private ObjectNode replace(HttpServerRequest req, ApiPath p, Buffer body, boolean status)
      throws StoreException {
    RequestBodies.rejectDryRun(req);
    ObjectNode o = RequestBodies.object(RequestBodies.parse(req, body), p);
    if (!o.path("metadata").path("name").asText().equals(p.name())) {
      throw new Replies.BadRequest(
          "the name of the object ("
              + o.path("metadata").path("name").asText()
              + ") does not match the name on the URL ("
              + p.name()
              + ")");
    }
    return status ? store.updateStatus(p.type(), o) : store.update(p.type(), o);
  }

  private void delete(HttpServerRequest req, ApiPath p) {
    vertx
        .executeBlocking(
            () -> {
              RequestBodies.rejectDryRun(req);
              ObjectNode last = store.delete(p.type(), p.namespace(), p.name());
              boolean gone = store.get(p.type(), p.namespace(), p.name()).isEmpty();
              // Gone now: a Success Status; held by finalizers: the object, as the API server.
              return gone ? KubeStatus.deleted(p.type(), last) : last;
            },
            false)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                Replies.error(req.response(), ar.cause(), p.type(), p.name());
              } else {
                boolean gone = ar.result().path("kind").asText().equals("Status");
                Replies.json(req.response(), gone ? 200 : 202, ar.result());
              }
            });
  }

  /** Runs {@code work} on a worker and answers its object with {@code code}. */
  private void blocking(HttpServerRequest req, ApiPath p, int code, Callable<ObjectNode> work) {
    vertx
        .executeBlocking(work, false)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                Replies.error(req.response(), ar.cause(), p.type(), p.name());
              } else {
                Replies.json(req.response(), code, ar.result());
              }
            });
  }

  static boolean wantsTable(HttpServerRequest req) {
    String accept = req.getHeader("Accept");
    return accept != null && accept.contains("as=Table");
  }

  static boolean isTrue(String v) {
    return v != null && (v.equals("true") || v.equals("1"));
  }

  private static void notAllowed(HttpServerRequest req, ResourceType t) {
    Replies.failure(
        req.response(),
        405,
        "MethodNotAllowed",
        t.stored()
            ? "the server does not allow this method on the requested resource"
            : t.plural() + " are read-only here: the zenith engine derives them from what runs");
  }
}
