package com.zenith.functions.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.zenith.functions.cli.ExitCodes;
import com.zenith.functions.local.kube.JsonPathLite;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zenith get}: the Functions of the running engine, read through its Kubernetes API. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the Functions of the running zenith dev engine, as kubectl get functions does: NAME"
          + " READY REASON URL AGE (IMAGE with -o wide).",
      "With --wait, waits until every listed Function is Ready (as kubectl wait"
          + " --for=condition=Ready) and exits 1 if one is not within --timeout."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Shown (with --wait: every listed Function is Ready).",
      "1:No engine runs, no such Function, or (with --wait) one is not Ready in time.",
      "2:Wrong usage (for example an unknown -o format)."
    })
public final class GetCommand implements Callable<Integer> {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "One Function (default: all).")
  String name;

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "default",
      description = "The namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "Every namespace.")
  boolean allNamespaces;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "table (default), wide, json, yaml, or jsonpath=TEMPLATE (kubectl's form).")
  String output = "table";

  @Option(names = "--wait", description = "Wait until every listed Function is Ready.")
  boolean waitReady;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!output.equals("table")
        && !output.equals("wide")
        && !output.equals("json")
        && !output.equals("yaml")
        && !output.startsWith("jsonpath=")) {
      err.println(
          "zenith get: unknown output format \""
              + output
              + "\": use table, wide, json, yaml or"
              + " jsonpath=TEMPLATE.");
      return ExitCodes.USAGE;
    }
    if (allNamespaces && name != null) {
      err.println("zenith get: a NAME cannot be given with --all-namespaces.");
      return ExitCodes.USAGE;
    }
    Optional<EngineApi> api = EngineApi.connect();
    if (api.isEmpty()) {
      err.println("zenith get: no zenith dev engine is running (start one with zenith dev PATH).");
      return ExitCodes.INVALID;
    }
    String path =
        "/apis/functions.zenith.com/v1alpha1/"
            + (allNamespaces ? "" : "namespaces/" + namespace + "/")
            + "functions"
            + (name == null ? "" : "/" + name);
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    while (true) {
      HttpResponse<String> res = api.get().get(path, false);
      if (res.statusCode() != 200) {
        err.println("zenith get: " + EngineApi.message(res));
        return ExitCodes.INVALID;
      }
      JsonNode body = SessionClient.JSON.readTree(res.body());
      List<JsonNode> items = new ArrayList<>();
      if (name != null) {
        items.add(body);
      } else {
        body.path("items").forEach(items::add);
      }
      boolean ready = items.stream().allMatch(GetCommand::isReady);
      if (!waitReady || ready || System.nanoTime() > deadline) {
        print(out, body, items);
        if (waitReady && !ready) {
          err.println(
              "zenith get: not every Function became Ready within " + timeoutSeconds + " s.");
          return ExitCodes.INVALID;
        }
        return ExitCodes.OK;
      }
      Thread.sleep(500);
    }
  }

  private void print(PrintWriter out, JsonNode body, List<JsonNode> items) throws Exception {
    switch (output) {
      case "json" ->
          out.println(SessionClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
      case "yaml" -> out.print(YAML.writeValueAsString(body));
      case "table", "wide" -> out.print(table(items, output.equals("wide")));
      default -> out.println(jsonpath(output.substring("jsonpath=".length()), body));
    }
  }

  /** kubectl's simple templates: text with {.path} parts, each replaced by what it selects. */
  static String jsonpath(String template, JsonNode root) {
    String t = template.strip();
    if (t.length() > 1 && (t.startsWith("'") && t.endsWith("'"))) {
      t = t.substring(1, t.length() - 1);
    }
    StringBuilder sb = new StringBuilder();
    int at = 0;
    while (at < t.length()) {
      int open = t.indexOf('{', at);
      if (open < 0) {
        sb.append(t, at, t.length());
        break;
      }
      int close = t.indexOf('}', open);
      if (close < 0) {
        throw new picocli.CommandLine.ParameterException(
            new picocli.CommandLine(new GetCommand()), "unclosed { in jsonpath " + template);
      }
      sb.append(t, at, open);
      List<String> parts = new ArrayList<>();
      for (JsonNode n : JsonPathLite.select(t.substring(open + 1, close), root)) {
        parts.add(n.isValueNode() ? n.asText() : n.toString());
      }
      sb.append(String.join(" ", parts));
      at = close + 1;
    }
    return sb.toString();
  }

  private String table(List<JsonNode> items, boolean wide) {
    List<String[]> rows = new ArrayList<>();
    List<String> head = new ArrayList<>();
    if (allNamespaces) {
      head.add("NAMESPACE");
    }
    head.addAll(List.of("NAME", "READY", "REASON", "URL"));
    if (wide) {
      head.add("IMAGE");
    }
    head.add("AGE");
    rows.add(head.toArray(String[]::new));
    for (JsonNode f : items) {
      List<String> r = new ArrayList<>();
      if (allNamespaces) {
        r.add(f.path("metadata").path("namespace").asText());
      }
      r.add(f.path("metadata").path("name").asText());
      r.add(cell(".status.conditions[?(@.type==\"Ready\")].status", f));
      r.add(cell(".status.conditions[?(@.type==\"Ready\")].reason", f));
      r.add(cell(".status.url", f));
      if (wide) {
        r.add(cell(".status.imageDigest", f));
      }
      r.add(age(f.path("metadata").path("creationTimestamp").asText("")));
      rows.add(r.toArray(String[]::new));
    }
    if (items.isEmpty()) {
      return "No Functions found"
          + (allNamespaces ? "." : " in the " + namespace + " namespace.")
          + System.lineSeparator();
    }
    int[] w = new int[head.size()];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        sb.append(i < r.length - 1 ? String.format("%-" + (w[i] + 3) + "s", r[i]) : r[i]);
      }
      sb.append(System.lineSeparator());
    }
    return sb.toString();
  }

  private static String cell(String path, JsonNode f) {
    List<JsonNode> s = JsonPathLite.select(path, f);
    return s.isEmpty() ? "" : s.get(0).asText();
  }

  private static boolean isReady(JsonNode f) {
    return "True".equals(cell(".status.conditions[?(@.type==\"Ready\")].status", f));
  }

  /** kubectl's short ages: 45s, 12m, 5h, 3d. */
  static String age(String timestamp) {
    if (timestamp.isEmpty()) {
      return "<unknown>";
    }
    long s = Math.max(0, Duration.between(Instant.parse(timestamp), Instant.now()).toSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 3 * 3600) {
      return s / 60 + "m";
    }
    if (s < 2 * 86400) {
      return s / 3600 + "h";
    }
    return s / 86400 + "d";
  }
}
