package com.zenith.functions.local.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Label selectors ({@code a=b}, {@code a==b}, {@code a!=b}, {@code a in (x,y)}, {@code a notin
 * (x,y)}, {@code a}, {@code !a}) and field selectors ({@code path=value}, {@code path!=value} over
 * any dotted field, e.g. {@code metadata.name}, {@code status.phase}, {@code involvedObject.uid}),
 * parsed into predicates over objects.
 */
final class Selectors {
  private Selectors() {}

  /** A selector that cannot be parsed: a 400 BadRequest. */
  static final class InvalidSelector extends Exception {
    InvalidSelector(String message) {
      super(message);
    }
  }

  /** The predicate of a label selector (null or blank: everything). */
  static Predicate<JsonNode> labels(String selector) throws InvalidSelector {
    Predicate<JsonNode> all = o -> true;
    if (selector == null || selector.isBlank()) {
      return all;
    }
    for (String req : splitTopLevel(selector)) {
      all = all.and(labelRequirement(req.trim()));
    }
    return all;
  }

  private static Predicate<JsonNode> labelRequirement(String r) throws InvalidSelector {
    var inMatch =
        java.util.regex.Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$").matcher(r);
    if (inMatch.matches()) {
      String key = inMatch.group(1);
      Set<String> values = Set.copyOf(trimAll(inMatch.group(3).split(",")));
      boolean in = inMatch.group(2).equals("in");
      return o -> {
        JsonNode v = o.path("metadata").path("labels").get(key);
        boolean hit = v != null && values.contains(v.asText());
        return in ? hit : !hit;
      };
    }
    if (r.startsWith("!")) {
      String key = checkKey(r.substring(1).trim(), r);
      return o -> !o.path("metadata").path("labels").has(key);
    }
    String[] op = operator(r);
    if (op == null) {
      String key = checkKey(r, r);
      return o -> o.path("metadata").path("labels").has(key);
    }
    String key = checkKey(op[0], r);
    String value = op[2];
    boolean equal = !op[1].equals("!=");
    return o -> {
      JsonNode v = o.path("metadata").path("labels").get(key);
      boolean same = v != null && v.asText().equals(value);
      return equal ? same : !same;
    };
  }

  /** The predicate of a field selector (null or blank: everything). */
  static Predicate<JsonNode> fields(String selector) throws InvalidSelector {
    Predicate<JsonNode> all = o -> true;
    if (selector == null || selector.isBlank()) {
      return all;
    }
    for (String req : selector.split(",")) {
      String[] op = operator(req.trim());
      if (op == null || op[0].isEmpty()) {
        throw new InvalidSelector("invalid field selector \"" + req + "\": expected field=value");
      }
      String[] path = op[0].split("\\.");
      String value = op[2];
      boolean equal = !op[1].equals("!=");
      all =
          all.and(
              o -> {
                JsonNode n = o;
                for (String p : path) {
                  n = n.path(p);
                }
                boolean same = (n.isValueNode() ? n.asText() : "").equals(value);
                return equal ? same : !same;
              });
    }
    return all;
  }

  /** The value a field selector requires for {@code field} ("metadata.name"), or null. */
  static String required(String selector, String field) {
    if (selector == null) {
      return null;
    }
    for (String req : selector.split(",")) {
      String[] op = operator(req.trim());
      if (op != null && op[0].equals(field) && !op[1].equals("!=")) {
        return op[2];
      }
    }
    return null;
  }

  /** [key, operator, value] for {@code k=v}, {@code k==v}, {@code k!=v}; null for none. */
  private static String[] operator(String r) {
    for (String op : new String[] {"!=", "==", "="}) {
      int i = r.indexOf(op);
      if (i >= 0) {
        return new String[] {r.substring(0, i).trim(), op, r.substring(i + op.length()).trim()};
      }
    }
    return null;
  }

  private static String checkKey(String key, String requirement) throws InvalidSelector {
    if (!key.matches("([a-z0-9.-]+/)?[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?")) {
      throw new InvalidSelector(
          "unable to parse requirement: \"" + requirement + "\": invalid label key");
    }
    return key;
  }

  private static List<String> splitTopLevel(String s) throws InvalidSelector {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    if (depth != 0) {
      throw new InvalidSelector("unable to parse selector \"" + s + "\": unbalanced parentheses");
    }
    out.add(s.substring(start));
    return out;
  }

  private static List<String> trimAll(String[] parts) {
    List<String> out = new ArrayList<>();
    for (String p : parts) {
      if (!p.isBlank()) {
        out.add(p.trim());
      }
    }
    return out;
  }
}
