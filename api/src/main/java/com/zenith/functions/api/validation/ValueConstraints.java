package com.zenith.functions.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.zenith.functions.api.validation.StructuralSchemaValidator.Context;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The value constraints of a structural schema, in the API server's words: enum, maxLength and
 * minLength, pattern (with Go's regexp anchoring), minimum and maximum, and the size bounds
 * maxItems and maxProperties.
 */
final class ValueConstraints {
  private final Map<String, Pattern> patterns = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Checks a scalar {@code value} (already of the schema's type) against enum, length, pattern and
   * bounds.
   */
  void checkScalar(JsonNode schema, JsonNode value, FieldPath path, Context ctx) {
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
        Pattern p = patterns.computeIfAbsent(regex, ValueConstraints::compileLikeGo);
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
                  + StructuralSchemaValidator.hint(schema));
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

  /** maxItems / maxProperties, in the API server's words. */
  static void checkSize(
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

  /** Go's {@code $} matches only at the very end; Java's also before a final newline. */
  private static Pattern compileLikeGo(String regex) {
    String r = regex;
    if (r.endsWith("$") && !r.endsWith("\\$")) {
      r = r.substring(0, r.length() - 1) + "\\z";
    }
    return Pattern.compile(r);
  }

  private static String number(JsonNode n) {
    double d = n.asDouble();
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
