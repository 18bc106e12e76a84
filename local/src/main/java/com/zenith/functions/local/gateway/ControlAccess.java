package com.zenith.functions.local.gateway;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may use the gateway's engine endpoints: a request with the engine's token, or the dashboard's
 * session cookie; and which web page may send them: only the dashboard, served at the engine's own
 * origin. Every other page is refused, so none can drive the engine.
 */
final class ControlAccess {
  /** The session cookie's name is this plus the port: two engines on one host keep their own. */
  static final String COOKIE_PREFIX = "zenith-session-";

  private final ControlApi control;

  ControlAccess(ControlApi control) {
    this.control = control;
  }

  /**
   * True when the request may reach {@code path}: it carries no {@code Origin} (not a web page's
   * cross-origin request), or it comes from the dashboard at the engine's own origin and asks for
   * the engine's endpoints or the dashboard.
   */
  boolean originAllowed(HttpServerRequest req, String path) {
    String origin = req.headers().get(HttpHeaders.ORIGIN);
    if (origin == null) {
      return true;
    }
    boolean dashboardPath = path.startsWith("/_zenith/v1/") || path.startsWith("/_zenith/ui/");
    return dashboardPath && ownOrigin(origin, port(req));
  }

  /** True for the origins of the dashboard served on this port. */
  static boolean ownOrigin(String origin, int port) {
    return origin.equals("http://127.0.0.1:" + port) || origin.equals("http://localhost:" + port);
  }

  /** True when the request carries the token (Authorization: Bearer) or the session cookie. */
  boolean authorized(HttpServerRequest req) {
    if (control.authorized(req.headers().get(HttpHeaders.AUTHORIZATION))) {
      return true;
    }
    String session = control.dashboardSession();
    if (session == null) {
      return false;
    }
    Cookie cookie = req.getCookie(cookieName(req));
    return cookie != null
        && MessageDigest.isEqual(
            cookie.getValue().getBytes(StandardCharsets.UTF_8),
            session.getBytes(StandardCharsets.UTF_8));
  }

  /** The session cookie's name for the port this request arrived on. */
  static String cookieName(HttpServerRequest req) {
    return COOKIE_PREFIX + port(req);
  }

  /**
   * True when a browser asks for a page, frame or resource rather than a script's fetch (the {@code
   * Sec-Fetch-Dest} it sends). A function's content opened at the engine's own address would share
   * the dashboard's origin, and with it the session cookie, so it is refused there.
   */
  static boolean browserDocument(HttpServerRequest req) {
    String dest = req.headers().get("Sec-Fetch-Dest");
    return dest != null && !dest.equals("empty");
  }

  private static int port(HttpServerRequest req) {
    return req.localAddress() == null ? -1 : req.localAddress().port();
  }
}
