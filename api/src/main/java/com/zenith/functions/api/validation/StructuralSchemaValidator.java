package com.zenith.functions.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a value against a Kubernetes structural schema (a CRD's openAPIV3Schema) the way the API
 * server does with strict field validation: nulls pruned, defaults applied, then types, required
 * fields, unknown fields and the CEL rules here, enums, patterns and bounds in {@link
 * ValueConstraints}, with the API server's words.
 */
public final class StructuralSchemaValidator {
  private final CelRules cel;
  private final ValueConstraints constraints = new ValueConstraints();

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
      constraints.checkScalar(schema, value, path, ctx);
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
            "unknown field "
                + Diagnostic.quoted(child.toString())
                + FieldSuggestions.suggestion(key, props));
      }
    }
    for (JsonNode req : schema.path("required")) {
      if (!value.has(req.asText())) {
        FieldPath child = path.child(req.asText());
        ctx.error(
            ctx.sourceMap().keyAt(path), child, "Required value" + hint(props.path(req.asText())));
      }
    }
    ValueConstraints.checkSize(schema, "maxProperties", value, path, ctx);
  }

  private void checkArray(JsonNode schema, JsonNode value, FieldPath path, Context ctx) {
    ValueConstraints.checkSize(schema, "maxItems", value, path, ctx);
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

  /** The field's description, which says in words what is expected. */
  static String hint(JsonNode schema) {
    String d = schema.path("description").asText("");
    return d.isEmpty() ? "" : " (expected: " + d + ")";
  }
}
