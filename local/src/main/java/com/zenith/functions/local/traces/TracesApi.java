package com.zenith.functions.local.traces;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The JSON the engine serves at {@code GET /_zenith/v1/traces} and {@code GET /_zenith/v1/graph}
 * (shapes in docs/local-development.md, "Traces"), from the span store and the call graph.
 */
public final class TracesApi {
  /** Traces answered at most. */
  public static final int DEFAULT_LIMIT = 100;

  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SpanStore store;
  private final CallGraph graph;

  /** The API over this store and graph. */
  public TracesApi(SpanStore store, CallGraph graph) {
    this.store = store;
    this.graph = graph;
  }

  /**
   * A duration as the CLI and the API take it: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 2d},
   * {@code 250ms}, or ISO-8601 ({@code PT5M}).
   *
   * @throws IllegalArgumentException naming what was expected
   */
  public static Duration parseDuration(String text) {
    String t = text == null ? "" : text.strip();
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        return Duration.parse(t);
      } catch (java.time.format.DateTimeParseException e) {
        // reported below with the expected forms
      }
    } else if (!t.isEmpty()) {
      var m = GO_DURATION.matcher(t);
      long nanos = 0;
      int at = 0;
      while (m.find() && m.start() == at) {
        double n = Double.parseDouble(m.group(1));
        long unit =
            switch (m.group(2)) {
              case "ms" -> 1_000_000L;
              case "s" -> 1_000_000_000L;
              case "m" -> 60_000_000_000L;
              case "h" -> 3_600_000_000_000L;
              default -> 86_400_000_000_000L;
            };
        nanos += (long) (n * unit);
        at = m.end();
      }
      if (at == t.length()) {
        return Duration.ofNanos(nanos);
      }
    }
    throw new IllegalArgumentException(
        "invalid duration '" + text + "': expected e.g. 30s, 5m, 1h30m, 2d or PT5M");
  }

  /**
   * {@code {"traces":[{traceId, start, durationMs, failed, spanCount, services, spans:[...]}]}},
   * failed first, then slowest.
   *
   * @param since only traces with a span that ended within this long (null: all kept)
   * @param function only traces with a span of this service (null: all)
   */
  public String traces(Duration since, String function, int limit) {
    long cut =
        since == null ? Long.MIN_VALUE : epochNanos(Instant.now()) - Math.max(0, since.toNanos());
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("traces");
    for (SpanStore.Trace t : store.traces(cut, function, limit)) {
      ObjectNode o = list.addObject();
      o.put("traceId", t.traceId());
      o.put("start", instant(t.startNanos()));
      o.put("durationMs", millis(t.durationNanos()));
      o.put("failed", t.failed());
      o.put("spanCount", t.spans().size());
      ArrayNode services = o.putArray("services");
      t.spans().stream().map(SpanRecord::service).distinct().sorted().forEach(services::add);
      ArrayNode spans = o.putArray("spans");
      t.spans().stream()
          .sorted(java.util.Comparator.comparingLong(SpanRecord::startNanos))
          .forEach(s -> span(spans.addObject(), s));
    }
    return root.toString();
  }

  private static void span(ObjectNode o, SpanRecord s) {
    o.put("traceId", s.traceId());
    o.put("spanId", s.spanId());
    o.put("parentSpanId", s.parentSpanId());
    o.put("service", s.service());
    o.put("name", s.name());
    o.put("kind", s.kind());
    o.put("start", instant(s.startNanos()));
    o.put("startUnixNano", s.startNanos());
    o.put("durationMs", millis(s.durationNanos()));
    o.put("status", s.status());
    if (s.statusMessage() != null) {
      o.put("statusMessage", s.statusMessage());
    }
    o.put("source", s.source());
    ObjectNode attrs = o.putObject("attributes");
    s.attributes().forEach(attrs::put);
  }

  /**
   * {@code {"windowSeconds":N, "nodes":[{id, kind, namespace?, name?}], "edges":[{from, to,
   * requests, errors, windowRequests, windowErrors, p50Ms, p95Ms, p99Ms, lastSeen}]}}.
   */
  public String graph() {
    ObjectNode root = JSON.createObjectNode();
    root.put("windowSeconds", graph.window().toSeconds());
    Map<String, ObjectNode> nodes = new LinkedHashMap<>();
    ArrayNode edges = root.putArray("edges");
    for (CallGraph.Edge e : graph.edges()) {
      node(nodes, e.from());
      node(nodes, e.to());
      ObjectNode o = edges.addObject();
      o.put("from", e.from());
      o.put("to", e.to());
      o.put("requests", e.requests());
      o.put("errors", e.errors());
      o.put("windowRequests", e.windowRequests());
      o.put("windowErrors", e.windowErrors());
      o.put("p50Ms", e.p50Ms());
      o.put("p95Ms", e.p95Ms());
      o.put("p99Ms", e.p99Ms());
      o.put("lastSeen", e.lastSeen().toString());
    }
    ArrayNode list = root.putArray("nodes");
    nodes.values().forEach(list::add);
    return root.toString();
  }

  private static void node(Map<String, ObjectNode> nodes, String id) {
    nodes.computeIfAbsent(
        id,
        k -> {
          ObjectNode n = JSON.createObjectNode().put("id", k);
          String ref = k;
          if (k.equals("external")) {
            return n.put("kind", "external");
          }
          if (k.startsWith("broker:")) {
            n.put("kind", "broker");
            ref = k.substring("broker:".length());
          } else {
            n.put("kind", "function");
          }
          int slash = ref.indexOf('/');
          if (slash > 0) {
            n.put("namespace", ref.substring(0, slash)).put("name", ref.substring(slash + 1));
          }
          return n;
        });
  }

  private static String instant(long epochNanos) {
    return Instant.ofEpochSecond(
            Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L))
        .toString();
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e3) / 1e3;
  }

  private static long epochNanos(Instant i) {
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
