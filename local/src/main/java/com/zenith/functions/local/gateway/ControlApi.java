package com.zenith.functions.local.gateway;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The session's own endpoints, served at the gateway's loopback name, and the broker ingress. */
public interface ControlApi {
  /**
   * True when an {@code Authorization} header value grants the engine's endpoints ({@code
   * /_zenith/v1/...}); refused by default.
   */
  default boolean authorized(String authorization) {
    return false;
  }

  /** The JSON body of {@code GET /_zenith/v1/functions}: the functions and their status. */
  String functionsJson();

  /** What the broker ingress answers: a status and a JSON body. */
  record Answer(int status, String json) {}

  /**
   * A CloudEvent posted to broker namespace/name; the stage completes when the broker has decided
   * (it must not block the calling event loop).
   */
  default CompletionStage<Answer> ingest(
      String namespace, String broker, Map<String, List<String>> headers, byte[] body) {
    return CompletableFuture.completedFuture(
        new Answer(404, "{\"error\":\"this session has no broker\"}"));
  }

  /** The largest request body the broker ingress reads for this content type (null when absent). */
  default long ingestLimit(String contentType) {
    return 4L << 20;
  }

  /** {@code GET /_zenith/v1/events/deliveries?since=N}. */
  default Answer deliveries(long since) {
    return new Answer(404, "{\"error\":\"this session has no broker\"}");
  }

  /**
   * {@code GET /_zenith/v1/events/dead-letters}, or with {@code replay} the POST that resends them.
   */
  default Answer deadLetters(boolean replay) {
    return new Answer(404, "{\"error\":\"this session has no broker\"}");
  }

  /** {@code GET /_zenith/v1/traces?since=&function=&limit=}: recent traces with their spans. */
  default Answer traces(String since, String function, String limit) {
    return new Answer(404, "{\"error\":\"this session keeps no traces\"}");
  }

  /** {@code GET /_zenith/v1/graph}: the live call graph. */
  default Answer graph() {
    return new Answer(404, "{\"error\":\"this session keeps no call graph\"}");
  }

  /**
   * The value of the dashboard's session cookie, which grants the engine's endpoints like the
   * token; null when this session serves no dashboard.
   */
  default String dashboardSession() {
    return null;
  }

  /**
   * The log file of function namespace/name (its build log when {@code build}), or null when there
   * is no such function; the file may not exist yet.
   */
  default java.nio.file.Path logFile(String namespace, String name, boolean build) {
    return null;
  }
}
