package com.zenith.functions.local.gateway;

import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.local.gateway.dapr.DaprHttpApi;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Which call a request on a front connection becomes: forwarded to a running function, taken for
 * the broker's ingress (by its cluster host, or by path on the engine's own address without an
 * Origin, which the engine's server refuses), or else relayed to the engine's server. Decisions to
 * forward are remembered until the routes change. One per connection; event-loop confined.
 */
final class FrontRouter {
  private final FrontConnection conn;
  private KnownForwards known;

  FrontRouter(FrontConnection conn) {
    this.conn = conn;
  }

  /** The call for {@code req}, which arrived at {@code start} (its System.nanoTime()). */
  FrontCall route(HttpRequest req, long start) {
    if (req.method() == HttpMethod.CONNECT) {
      return new RelayExchange(conn, req, start);
    }
    String uri = req.uri();
    String host = null;
    String path = uri;
    if (uri.startsWith("http://")) { // forward-proxy form
      int slash = uri.indexOf('/', 7);
      host = slash < 0 ? uri.substring(7) : uri.substring(7, slash);
      path = slash < 0 ? "/" : uri.substring(slash);
      if (host.indexOf('@') >= 0 || path.indexOf('#') >= 0) {
        host = null; // unusual: the engine's server parses it
      }
    } else if (uri.startsWith("/")) {
      host = req.headers().get(HttpHeaderNames.HOST);
    }
    FrontCall call = host == null ? null : callFor(req, host, path, start);
    return call != null ? call : new RelayExchange(conn, req, start);
  }

  /**
   * The decision to forward {@code host} to a running function (for the raw path, {@link
   * RawFront}); null for anything else, which the codec's path then decides.
   */
  RouteTable.Forward forward(String host) {
    if (known == null) {
      known = new KnownForwards(conn.server.routes);
    }
    RouteTable.Forward f = known.get(host);
    if (f != null || FunctionNames.isBrokerIngressHost(host)) {
      return f;
    }
    RouteTable.Decision d = conn.server.routes.resolve(host, conn.server.callerNamespace);
    known.remember(host, d);
    return d instanceof RouteTable.Forward fw ? fw : null;
  }

  private FrontCall callFor(HttpRequest req, String host, String path, long start) {
    if (known == null) {
      known = new KnownForwards(conn.server.routes);
    }
    RouteTable.Forward f = known.get(host);
    if (f == null) {
      if (FunctionNames.isBrokerIngressHost(host)) {
        return IngressExchange.of(conn, req, path, start);
      }
      RouteTable.Decision d = conn.server.routes.resolve(host, conn.server.callerNamespace);
      known.remember(host, d);
      if (d instanceof RouteTable.Control
          && path.startsWith(BrokerIngress.PATH_PREFIX)
          && !req.headers().contains(HttpHeaderNames.ORIGIN)
          && !req.headers().contains(DaprHttpApi.APP_ID_HEADER)) { // that one is Dapr's
        return IngressExchange.of(
            conn, req, path.substring(BrokerIngress.PATH_PREFIX.length() - 1), start);
      }
      if (d instanceof RouteTable.Down down
          && down.route().activating()
          && ForwardedHeaders.upgradeAsked(req.headers()) != null) {
        return new HeldUpgrade(conn, req, down.route(), host, path, start);
      }
      f = d instanceof RouteTable.Forward fw ? fw : null;
    }
    return f == null ? null : new ForwardExchange(conn, req, f.route(), host, path, start);
  }
}
