package com.zenith.functions.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.zenith.functions.cli.ExitCodes;
import com.zenith.functions.cli.Style;
import com.zenith.functions.local.traces.TracesApi;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zenith traces}: the recent traces the running zenith dev session collected. */
@Command(
    name = "traces",
    mixinStandardHelpOptions = true,
    description = {
      "Recent traces of the running zenith dev session, failed first, then slowest, each as a"
          + " tree of spans (function, span name, duration, status): the functions' own spans"
          + " and the gateway's span per call."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Printed (possibly no trace).",
      "1:No session runs, or it refused the request.",
      "2:Wrong usage (an unknown -o, a bad --since)."
    })
public final class TracesCommand implements Callable<Integer> {
  private final Style style;

  @Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin SessionClient.Options session = new SessionClient.Options();

  @Option(
      names = "--function",
      paramLabel = "NAME",
      description = "Only traces with a span of this function.")
  String function;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      description = "Only traces with a span that ended this recently: 30s, 5m, 1h30m, PT5M.")
  String since;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "At most this many traces (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table (default) or json (every span with its ids).")
  String output;

  /** A command printing with the given style. */
  public TracesCommand(Style style) {
    this.style = style;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (!output.equals("table") && !output.equals("json")) {
      err.println("zenith traces: unknown output format '" + output + "': use table or json.");
      return ExitCodes.USAGE;
    }
    if (limit < 1) {
      err.println("zenith traces: --limit must be at least 1, got " + limit + ".");
      return ExitCodes.USAGE;
    }
    if (since != null) {
      try {
        TracesApi.parseDuration(since);
      } catch (IllegalArgumentException e) {
        err.println("zenith traces: --since: " + e.getMessage() + ".");
        return ExitCodes.USAGE;
      }
    }
    StringBuilder query = new StringBuilder("/_zenith/v1/traces?limit=" + limit);
    if (since != null) {
      query.append("&since=").append(URLEncoder.encode(since, StandardCharsets.UTF_8));
    }
    if (function != null) {
      query.append("&function=").append(URLEncoder.encode(function, StandardCharsets.UTF_8));
    }
    var res = SessionClient.send(spec, session, HttpRequest.newBuilder().GET(), query.toString());
    if (res.isEmpty()) {
      return ExitCodes.INVALID;
    }
    JsonNode body = SessionClient.JSON.readTree(res.get().body());
    if (res.get().statusCode() != 200) {
      err.println("zenith traces: " + body.path("error").asText(res.get().body()));
      return ExitCodes.INVALID;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.equals("json")) {
      ArrayNode spans = SessionClient.JSON.createArrayNode();
      body.path("traces").forEach(t -> t.path("spans").forEach(spans::add));
      out.println(
          SessionClient.JSON
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(SessionClient.JSON.createObjectNode().set("spans", spans)));
      return ExitCodes.OK;
    }
    JsonNode traces = body.path("traces");
    if (traces.isEmpty()) {
      out.println(
          "no traces"
              + (function == null ? "" : " of " + function)
              + (since == null ? "" : " in the last " + since)
              + " (functions export when observability.tracing.enabled is set, or under"
              + " zenith dev --tracing; the gateway records a span per call)");
      return ExitCodes.OK;
    }
    for (JsonNode t : traces) {
      printTree(out, t);
    }
    return ExitCodes.OK;
  }

  private void printTree(PrintWriter out, JsonNode trace) {
    boolean failed = trace.path("failed").asBoolean();
    out.println(
        style.bold("trace " + trace.path("traceId").asText())
            + "  "
            + ms(trace.path("durationMs").asDouble())
            + "  "
            + trace.path("spanCount").asInt()
            + " spans  "
            + trace.path("start").asText()
            + (failed ? "  " + style.red("FAILED") : ""));
    Map<String, List<JsonNode>> children = new LinkedHashMap<>();
    Set<String> ids = new HashSet<>();
    trace.path("spans").forEach(s -> ids.add(s.path("spanId").asText()));
    List<JsonNode> roots = new ArrayList<>();
    for (JsonNode s : trace.path("spans")) {
      String parent = s.path("parentSpanId").asText(null);
      if (parent == null || !ids.contains(parent)) {
        roots.add(s); // a root, or a span whose parent was not exported (yet)
      } else {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s);
      }
    }
    out.printf("  %-40s %-32s %10s  %s%n", "FUNCTION", "SPAN", "DURATION", "STATUS");
    for (JsonNode r : roots) {
      printSpan(out, r, 0, children);
    }
    out.println();
  }

  private void printSpan(
      PrintWriter out, JsonNode s, int depth, Map<String, List<JsonNode>> children) {
    String status = s.path("status").asText();
    String who =
        "  ".repeat(depth)
            + s.path("service").asText()
            + (s.path("source").asText().equals("gateway") ? " (gateway)" : "");
    out.printf(
        "  %-40s %-32s %10s  %s%n",
        who,
        s.path("name").asText(),
        ms(s.path("durationMs").asDouble()),
        status.equals("ERROR")
            ? style.red(status + messageOf(s))
            : status.equals("OK") ? style.green(status) : status);
    for (JsonNode c : children.getOrDefault(s.path("spanId").asText(), List.of())) {
      printSpan(out, c, depth + 1, children);
    }
  }

  private static String messageOf(JsonNode s) {
    String m = s.path("statusMessage").asText("");
    return m.isEmpty() ? "" : " " + m;
  }

  private static String ms(double v) {
    return String.format(java.util.Locale.ROOT, "%.1fms", v);
  }
}
