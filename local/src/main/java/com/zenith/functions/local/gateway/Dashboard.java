package com.zenith.functions.local.gateway;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Serves the dashboard at {@code /_zenith/ui/}. Logging in is Jupyter's way: the engine prints the
 * URL with {@code ?token=}; opening it sets an HttpOnly, SameSite=Strict session cookie and
 * redirects to the URL without the token. The page itself holds no data: it asks the engine's
 * endpoints, which answer 401 without the cookie or the token.
 */
final class Dashboard {
  static final String PREFIX = "/_zenith/ui/";

  // The page loads only its own files and talks only to its own origin; it cannot be framed.
  private static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final ControlApi control;
  private final Replies replies;

  Dashboard(ControlApi control, Replies replies) {
    this.control = control;
    this.replies = replies;
  }

  void handle(HttpServerRequest req, String path, long start) {
    String clean = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    // Never write the token into the access log.
    String logged = req.getParam("token") == null ? clean : clean + "?token=<redacted>";
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      answer(req, 405, "text/plain; charset=utf-8", "the dashboard takes GET only\n");
      replies.log(req, "dashboard", logged, 405, start);
      return;
    }
    if (clean.equals("/_zenith/ui")) {
      redirect(req, null);
      replies.log(req, "dashboard", logged, 303, start);
      return;
    }
    String token = req.getParam("token");
    if (token != null) {
      int status = login(req, token);
      replies.log(req, "dashboard", logged, status, start);
      return;
    }
    DashboardAssets.Asset asset = DashboardAssets.get(clean.substring(PREFIX.length()));
    if (asset == null) {
      answer(req, 404, "text/plain; charset=utf-8", "no such dashboard file\n");
      replies.log(req, "dashboard", logged, 404, start);
      return;
    }
    headers(req.response()).putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType());
    req.response().end(asset.body());
    replies.log(req, "dashboard", logged, 200, start);
  }

  /** Exchanges the printed token for the session cookie; a wrong token gets 401 and no cookie. */
  private int login(HttpServerRequest req, String token) {
    String session = control.dashboardSession();
    if (session == null || !control.authorized("Bearer " + token)) {
      answer(
          req,
          401,
          "text/plain; charset=utf-8",
          "This is not the engine's token. Open the dashboard URL that zenith dev printed"
              + " (dashboard: http://.../_zenith/ui/?token=...).\n");
      return 401;
    }
    Cookie cookie =
        Cookie.cookie(ControlAccess.cookieName(req), session)
            .setPath("/_zenith/")
            .setHttpOnly(true)
            .setSameSite(CookieSameSite.STRICT);
    redirect(req, cookie);
    return 303;
  }

  private void redirect(HttpServerRequest req, Cookie cookie) {
    HttpServerResponse res = headers(req.response());
    if (cookie != null) {
      res.addCookie(cookie);
    }
    res.setStatusCode(303).putHeader(HttpHeaders.LOCATION, PREFIX).end();
  }

  private static void answer(HttpServerRequest req, int status, String type, String body) {
    headers(req.response())
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, type)
        .end(body);
  }

  private static HttpServerResponse headers(HttpServerResponse res) {
    return res.putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
  }
}
