package com.zenith.functions.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Checks a value against a Kubernetes structural schema (a CRD's openAPIV3Schema) the way the API
 * server does with strict field validation: nulls pruned, defaults applied, then types, required
 * fields, enums, patterns, bounds, unknown fields and the CEL rules, with the API server's words.
 */
public final class StructuralSchemaValidator {
  private final CelRules cel;
  private final Map<String, Pattern> patterns = new java.util.concurrent.ConcurrentHashMap<>();

  /** A validator evaluating CEL rules with the given evaluator. */
  public StructuralSchemaValidator(CelRules cel) {
    this.cel = cel;
  }

  /** Where problems are reported. */
  public record Context(String file, SourceMap sourceMap, List<Diagnostic> diagnostics) {
    void error(SourcePosition pos, FieldPath path, String message) {
      diagnostics.add(Diagnostic.error(file, pos, path.toString(), message));
    }
  }

  /**
   * Prunes nulls, applies defaults and validates {@code value} (at {@code path}) in place.
   *
   * @return true when no error was found
   */
  public boolean validate(JsonNode schema, JsonNode value, FieldPath path, Context ctx) {
    int before = ctx.diagnostics().size();
    check(schema, value, path, ctx);
    return ctx.diagnostics().subList(before, ctx.diagnostics().size()).stream()
        .noneMatch(Diagnostic::isError);
  }

  private boolean check(JsonNode schema, JsonNode value, FieldPath path, Context ctx) {
    int before = ctx.diagnostics().size();
    if (!typeMatches(schema, value)) {
      String actual = jsonType(value);
      ctx.error(
          ctx.sourceMap().at(path, value),
          path,
          "Invalid value: \""
              + actual
              + "\": "
              + path
              + " in body must be of type "
              + schema.path("type").asText()
              + ": \""
              + actual
              + "\""
              + hint(schema));
      return false;
    }
    if (value.isObject()) {
      checkObject(schema, (ObjectNode) value, path, ctx);
    } else if (value.isArray()) {
      checkArray(schema, value, path, ctx);
    } else {
      checkScalar(schema, value, path, ctx);
    }
    boolean clean = ctx.diagnostics().size() == before;
    if (clean) {
      checkRules(schema, value, path, ctx);
    }
    return ctx.diagnostics().size() == before;
  }

  private void checkObject(JsonNode schema, ObjectNode value, FieldPath path, Context ctx) {
    JsonNode props = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    pruneNulls(props, additional, value);
    applyDefaults(props, value);
    for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (props.has(key)) {
        check(props.get(key), e.getValue(), path.child(key), ctx);
      } else if (additional != null && additional.isObject()) {
        check(additional, e.getValue(), path.key(key), ctx);
      } else if (!preserve && !(additional != null && additional.asBoolean(false))) {
        FieldPath child = path.child(key);
        ctx.error(
            ctx.sourceMap().keyAt(child),
            child,
            "unknown field " + Diagnostic.quoted(child.toString()) + suggestion(key, props));
      }
    }
    for (JsonNode req : schema.path("required")) {
      if (!value.has(req.asText())) {
        FieldPath child = path.child(req.asText());
        ctx.error(
            ctx.sourceMap().keyAt(path), child, "Required value" + hint(props.path(req.asText())));
      }
    }
    checkSize(schema, "maxProperties", value, path, ctx);
  }

  /** maxItems / maxProperties, in the API server's words. */
  private static void checkSize(
      JsonNode schema, String bound, JsonNode value, FieldPath path, Context ctx) {
    if (schema.has(bound) && value.size() > schema.get(bound).asInt()) {
      ctx.error(
          ctx.sourceMap().keyAt(path),
          path,
          "Too many: "
              + value.size()
              + ": must have at most "
              + schema.get(bound).asInt()
              + " items");
    }
  }

  private void checkArray(JsonNode schema, JsonNode value, FieldPath path, Context ctx) {
    checkSize(schema, "maxItems", value, path, ctx);
    JsonNode items = schema.get("items");
    if (items == null) {
      return;
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      if (item.isNull()) {
        ctx.error(
            ctx.sourceMap().valueAt(path.index(i)),
            path.index(i),
            "Invalid value: \"null\": "
                + path.index(i)
                + " in body must be of type "
                + items.path("type").asText()
                + ": \"null\"");
        continue;
      }
      check(items, item, path.index(i), ctx);
    }
  }

  private void checkScalar(JsonNode schema, JsonNode value, FieldPath path, Context ctx) {
    SourcePosition pos = ctx.sourceMap().valueAt(path);
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode allowed : schema.get("enum")) {
        found |= allowed.equals(value);
      }
      if (!found) {
        String supported =
            StreamSupport.stream(schema.get("enum").spliterator(), false)
                .map(JsonNode::toString)
                .collect(Collectors.joining(", "));
        ctx.error(
            pos,
            path,
            "Unsupported value: " + Diagnostic.shown(value) + ": supported values: " + supported);
        return;
      }
    }
    if (value.isTextual()) {
      String s = value.asText();
      int bytes = s.getBytes(StandardCharsets.UTF_8).length;
      if (schema.has("maxLength") && bytes > schema.get("maxLength").asInt()) {
        ctx.error(
            pos,
            path,
            "Too long: may not be more than " + schema.get("maxLength").asInt() + " bytes");
        return;
      }
      if (schema.has("minLength") && s.length() < schema.get("minLength").asInt()) {
        ctx.error(
            pos,
            path,
            "Invalid value: "
                + Diagnostic.shown(value)
                + ": "
                + path
                + " in body should be at least "
                + schema.get("minLength").asInt()
                + " chars long");
        return;
      }
      if (schema.has("pattern")) {
        String regex = schema.get("pattern").asText();
        Pattern p = patterns.computeIfAbsent(regex, StructuralSchemaValidator::compileLikeGo);
        if (!p.matcher(s).find()) {
          ctx.error(
              pos,
              path,
              "Invalid value: "
                  + Diagnostic.shown(value)
                  + ": "
                  + path
                  + " in body should match '"
                  + regex
                  + "'"
                  + hint(schema));
        }
      }
    } else if (value.isNumber()) {
      if (schema.has("minimum") && value.doubleValue() < schema.get("minimum").asDouble()) {
        ctx.error(
            pos,
            path,
            "Invalid value: "
                + Diagnostic.shown(value)
                + ": "
                + path
                + " in body should be greater than or equal to "
                + number(schema.get("minimum")));
      } else if (schema.has("maximum") && value.doubleValue() > schema.get("maximum").asDouble()) {
        ctx.error(
            pos,
            path,
            "Invalid value: "
                + Diagnostic.shown(value)
                + ": "
                + path
                + " in body should be less than or equal to "
                + number(schema.get("maximum")));
      }
    }
  }

  private void checkRules(JsonNode schema, JsonNode value, FieldPath path, Context ctx) {
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      CelRules.Outcome outcome = cel.evaluate(rule.path("rule").asText(), value);
      FieldPath at = path;
      String fieldPath = rule.path("fieldPath").asText("");
      for (String seg : fieldPath.split("\\.")) {
        if (!seg.isEmpty()) {
          at = at.child(seg);
        }
      }
      switch (outcome) {
        case CelRules.Passed p -> {}
        case CelRules.Failed f ->
            ctx.error(
                ctx.sourceMap().keyAt(at),
                at,
                "Invalid value: \""
                    + jsonType(value)
                    + "\": "
                    + rule.path("message").asText("failed rule: " + rule.path("rule").asText()));
        case CelRules.Broken b ->
            ctx.error(
                ctx.sourceMap().keyAt(at),
                at,
                "Invalid value: \"" + jsonType(value) + "\": internal error: " + b.detail());
      }
    }
  }

  /** The API server drops nulls of fields that are not nullable before defaulting. */
  private static void pruneNulls(JsonNode props, JsonNode additional, ObjectNode value) {
    List<String> drop = new ArrayList<>();
    value
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isNull()) {
                JsonNode s = props.has(e.getKey()) ? props.get(e.getKey()) : additional;
                if (s == null || !s.path("nullable").asBoolean(false)) {
                  drop.add(e.getKey());
                }
              }
            });
    drop.forEach(value::remove);
  }

  private static void applyDefaults(JsonNode props, ObjectNode value) {
    props
        .properties()
        .forEach(
            e -> {
              if (!value.has(e.getKey()) && e.getValue().has("default")) {
                value.set(e.getKey(), e.getValue().get("default").deepCopy());
              }
            });
  }

  /** Go's {@code $} matches only at the very end; Java's also before a final newline. */
  private static Pattern compileLikeGo(String regex) {
    String r = regex;
    if (r.endsWith("$") && !r.endsWith("\\$")) {
      r = r.substring(0, r.length() - 1) + "\\z";
    }
    return Pattern.compile(r);
  }

  private static boolean typeMatches(JsonNode schema, JsonNode value) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return value.isIntegralNumber() || value.isTextual();
    }
    String type = schema.path("type").asText("");
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
  }

  static String jsonType(JsonNode value) {
    if (value.isObject()) {
      return "object";
    } else if (value.isArray()) {
      return "array";
    } else if (value.isTextual()) {
      return "string";
    } else if (value.isIntegralNumber()) {
      return "integer";
    } else if (value.isNumber()) {
      return "number";
    } else if (value.isBoolean()) {
      return "boolean";
    }
    return "null";
  }

  private static String number(JsonNode n) {
    double d = n.asDouble();
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** The field's description, which says in words what is expected. */
  private static String hint(JsonNode schema) {
    String d = schema.path("description").asText("");
    return d.isEmpty() ? "" : " (expected: " + d + ")";
  }

  private static String suggestion(String key, JsonNode props) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Iterator<String> it = props.fieldNames(); it.hasNext(); ) {
      String candidate = it.next();
      int d = editDistance(key.toLowerCase(), candidate.toLowerCase());
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    if (best != null && bestDistance <= Math.max(2, key.length() / 3)) {
      return " (did you mean \"" + best + "\"?)";
    }
    List<String> known = new ArrayList<>();
    props.fieldNames().forEachRemaining(known::add);
    return known.isEmpty() ? "" : " (known fields: " + String.join(", ", known) + ")";
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
