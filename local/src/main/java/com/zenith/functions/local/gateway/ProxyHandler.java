package com.zenith.functions.local.gateway;

import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.local.gateway.dapr.DaprCaller;
import com.zenith.functions.local.gateway.dapr.DaprHttpApi;
import com.zenith.functions.local.traces.HopObserver;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;

/**
 * Handles one gateway request on an event loop: resolves the function the host names, forwards the
 * request to its local port streaming both bodies, tunnels CONNECT to known functions, and answers
 * everything else itself with a JSON error. It never forwards to a host it does not know ({@link
 * UnknownHosts}); a request for a function that is coming up waits in the {@link Activator}.
 */
final class ProxyHandler {
  private static final String ROUTE_PREFIX = "/_zenith/fn/";

  private final RouteTable routes;
  private final String callerNamespace;
  private final Replies replies;
  private final Forwarder forwarder;
  private final BrokerIngress ingress;
  private final ControlAccess access;
  private final Dashboard dashboard;
  private final EngineEndpoints endpoints;
  private final DaprHttpApi dapr;
  private final KnownForwards knownForwards;
  private final UnknownHosts unknownHosts;
  private final Activator activator;

  ProxyHandler(
      Vertx vertx,
      RouteTable routes,
      AccessLog accessLog,
      ControlApi control,
      String caller,
      String callerNamespace,
      HopObserver hops) {
    this.routes = routes;
    this.callerNamespace = callerNamespace;
    this.replies = new Replies(accessLog, caller);
    this.knownForwards = new KnownForwards(routes);
    this.forwarder =
        new Forwarder(
            vertx,
            replies,
            routes,
            hops,
            caller == null ? "external" : callerNamespace + "/" + caller);
    this.ingress = new BrokerIngress(control, replies);
    this.access = new ControlAccess(control);
    this.dashboard = new Dashboard(control, replies);
    this.endpoints = new EngineEndpoints(vertx, control, access, replies);
    this.dapr =
        new DaprHttpApi(
            routes, new DaprCaller(caller, callerNamespace), new DaprUpstream(forwarder, replies));
    this.unknownHosts = new UnknownHosts(routes, caller, replies);
    this.activator =
        new Activator(vertx, routes, callerNamespace, forwarder, replies, unknownHosts);
  }

  void handle(HttpServerRequest req) {
    long start = System.nanoTime();
    if (req.method() == HttpMethod.CONNECT) {
      tunnel(req, start);
      return;
    }
    String uri = req.uri();
    String host;
    String path;
    if (uri.startsWith("http://") || uri.startsWith("https://")) {
      // Forward-proxy form: the client put the whole URL on the request line.
      URI parsed;
      try {
        parsed = URI.create(uri);
      } catch (IllegalArgumentException e) {
        replies.reply(req, start, "-", 400, Replies.error("bad request URI", uri));
        return;
      }
      host = parsed.getRawAuthority();
      path =
          parsed.getRawPath() == null || parsed.getRawPath().isEmpty() ? "/" : parsed.getRawPath();
      if (parsed.getRawQuery() != null) {
        path += "?" + parsed.getRawQuery();
      }
    } else {
      host = req.headers().get(HttpHeaders.HOST);
      path = uri;
    }
    RouteTable.Forward known = knownForwards.get(host);
    if (known != null) {
      forwarder.forward(req, known.route(), host, path, start);
      return;
    }
    if (isBrokerIngress(host)) {
      brokerIngress(req, path, start);
      return;
    }
    RouteTable.Decision decision = routes.resolve(host, callerNamespace);
    knownForwards.remember(host, decision);
    switch (decision) {
      case RouteTable.Forward f -> forwarder.forward(req, f.route(), host, path, start);
      case RouteTable.Down d -> activator.holdOrDown(req, start, d.route(), host, path);
      case RouteTable.NotExternal n ->
          replies.reply(
              req,
              start,
              n.route().key(),
              404,
              Replies.error(
                      "function "
                          + n.route().name()
                          + " is cluster-local; set spec.deploy.visibility: external to reach it"
                          + " at this name, or use its cluster name",
                      host)
                  .put(
                      "clusterHost",
                      n.route().name() + "." + n.route().namespace() + ".svc.cluster.local"));
      case RouteTable.Unknown u -> unknownHosts.answer(req, start, u.host());
      case RouteTable.Control c -> control(req, path, start);
    }
  }

  /** CONNECT host:port: tunnelled to a known function only. */
  private void tunnel(HttpServerRequest req, long start) {
    String target = req.uri();
    RouteTable.Decision decision = routes.resolve(target, callerNamespace);
    if (decision instanceof RouteTable.Forward f) {
      forwarder.tunnel(req, f.route(), target, start);
      return;
    }
    if (decision instanceof RouteTable.Unknown u) {
      unknownHosts.warn(u.host());
    }
    String reason =
        decision instanceof RouteTable.Down d
            ? "function " + d.route().name() + " is not running"
            : "CONNECT is allowed only to the session's functions";
    replies.reply(
        req,
        start,
        target,
        decision instanceof RouteTable.Down ? 503 : 403,
        Replies.error(reason, target));
  }

  private static boolean isBrokerIngress(String host) {
    return FunctionNames.isBrokerIngressHost(host);
  }

  /** Knative's ingress URL pattern: POST /<namespace>/<broker> with a CloudEvent. */
  private void brokerIngress(HttpServerRequest req, String path, long start) {
    String[] parts = BrokerIngress.target(path);
    if (parts == null) {
      replies.reply(
          req, start, "broker", 404, Replies.error("expected POST /<namespace>/<broker>", path));
      return;
    }
    if (req.method() != HttpMethod.POST) {
      replies.reply(
          req, start, "broker", 405, Replies.error("the broker ingress takes POST only", path));
      return;
    }
    ingress.accept(req, parts[0], parts[1], path, start);
  }

  private void control(HttpServerRequest req, String path, long start) {
    boolean daprApi = DaprHttpApi.handles(path, req.headers());
    if ((daprApi || path.startsWith(ROUTE_PREFIX)) && ControlAccess.browserDocument(req)) {
      replies.reply(
          req,
          start,
          "gateway",
          403,
          Replies.error(
              "a browser may not open a function at the engine's own address (it would share the"
                  + " dashboard's origin); use http://<function>.<namespace>.localhost:<port>/ for"
                  + " an external function",
              path));
      return;
    }
    if (daprApi) {
      dapr.handle(req, path, start); // the function's Dapr sidecar API: gateway/dapr
      return;
    }
    if (path.startsWith("/_zenith/") && !access.originAllowed(req, path)) {
      // Browsers send Origin on cross-site requests; no web page but the dashboard may drive the
      // engine, and none may reach a cluster-local function through it.
      replies.reply(
          req,
          start,
          "gateway",
          403,
          Replies.error(
              "requests from web pages (with an Origin header) are refused, except from the"
                  + " dashboard at this address",
              path));
      return;
    }
    if (path.startsWith("/_zenith/ui")) {
      dashboard.handle(req, path, start); // the page is public; its data needs the token
      return;
    }
    // The broker's ingress (/_zenith/broker/) and /_zenith/fn/ are the cluster network, open to
    // every function as in a cluster; the engine's own endpoints need its token.
    if (path.startsWith("/_zenith/v1/")) {
      endpoints.handle(req, path, start);
      return;
    }
    if (path.startsWith(BrokerIngress.PATH_PREFIX)) {
      brokerIngress(req, path.substring(BrokerIngress.PATH_PREFIX.length() - 1), start);
      return;
    }
    if (path.startsWith(ROUTE_PREFIX)) {
      routeByPath(req, path, start);
      return;
    }
    replies.reply(
        req,
        start,
        "gateway",
        404,
        Replies.error(
            "no function named in the Host header; send Host: <function>.<namespace>.svc.cluster.local"
                + " or use the gateway as an HTTP proxy",
            req.headers().get(HttpHeaders.HOST)));
  }

  /**
   * /_zenith/fn/<namespace>/<name>/<path>: the form clients use that cannot send a Host header
   * (Node's fetch under zenith dev's preload); the function sees /<path>.
   */
  private void routeByPath(HttpServerRequest req, String path, long start) {
    String[] parts = path.substring(ROUTE_PREFIX.length()).split("/", 3);
    if (parts.length < 2) {
      replies.reply(
          req,
          start,
          "gateway",
          400,
          Replies.error("expected /_zenith/fn/<namespace>/<name>/<path>", path));
      return;
    }
    String host = parts[1] + "." + parts[0] + ".svc.cluster.local";
    String rest = "/" + (parts.length == 3 ? parts[2] : "");
    activator.forwardTo(req, start, host, rest);
  }
}
