package com.zenith.functions.local.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of kubectl's JSONPath that printer columns (and zenith get -o jsonpath) use: {@code
 * .a.b}, {@code .a[0]}, {@code .a[*]} and filters {@code .a[?(@.k=="v")]} (also {@code !=}),
 * followed by more steps.
 */
public final class JsonPathLite {
  private static final Pattern STEP =
      Pattern.compile(
          "\\.([A-Za-z0-9_-]+)|\\[(\\d+|\\*)]|\\[\\?\\(@\\.([A-Za-z0-9_.-]+)\\s*(==|!=)\\s*[\"']([^\"']*)[\"']\\)]");

  private JsonPathLite() {}

  /** Every node the path selects in {@code root} (missing steps select nothing). */
  public static List<JsonNode> select(String path, JsonNode root) {
    List<JsonNode> current = List.of(root);
    Matcher m = STEP.matcher(path.trim());
    int at = 0;
    while (at < path.trim().length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("unsupported JSONPath " + path + " at " + at);
      }
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode n : current) {
        if (m.group(1) != null) {
          add(next, n.get(m.group(1)));
        } else if (m.group(2) != null) {
          if (m.group(2).equals("*")) {
            n.forEach(next::add);
          } else {
            add(next, n.get(Integer.parseInt(m.group(2))));
          }
        } else {
          String[] field = m.group(3).split("\\.");
          boolean equal = m.group(4).equals("==");
          for (JsonNode e : n) {
            JsonNode v = e;
            for (String f : field) {
              v = v.path(f);
            }
            if (v.isValueNode() && v.asText().equals(m.group(5)) == equal) {
              next.add(e);
            }
          }
        }
      }
      current = next;
      at = m.end();
    }
    return current;
  }

  /** The first selected node as text, or null when nothing is selected. */
  static String first(String path, JsonNode root) {
    List<JsonNode> s = select(path, root);
    if (s.isEmpty() || s.get(0).isNull() || s.get(0).isMissingNode()) {
      return null;
    }
    return s.get(0).isValueNode() ? s.get(0).asText() : s.get(0).toString();
  }

  private static void add(List<JsonNode> out, JsonNode n) {
    if (n != null && !n.isMissingNode()) {
      out.add(n);
    }
  }
}
