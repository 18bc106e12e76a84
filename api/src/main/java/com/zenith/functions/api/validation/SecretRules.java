package com.zenith.functions.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * What the API server checks of a Secret's {@code data}: every value is base64 (it decodes them
 * into bytes). Messages name the key, never the value.
 */
final class SecretRules {
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");

  private SecretRules() {}

  static void check(LoadedDocument doc, StructuralSchemaValidator.Context ctx) {
    JsonNode data = doc.tree().get("data");
    FieldPath path = FieldPath.of("data");
    if (data == null || data.isNull()) {
      return;
    }
    if (!data.isObject()) {
      ctx.error(
          ctx.sourceMap().valueAt(path),
          path,
          "Invalid value: \""
              + StructuralSchemaValidator.jsonType(data)
              + "\": data must be a map of base64-encoded values");
      return;
    }
    data.properties()
        .forEach(
            e -> {
              FieldPath at = path.key(e.getKey());
              if (!e.getValue().isTextual() || !isBase64(e.getValue().asText())) {
                ctx.error(
                    ctx.sourceMap().valueAt(at),
                    at,
                    "Invalid value: a Secret's data values must be base64-encoded"
                        + (e.getValue().isTextual()
                            ? ""
                            : " strings, not " + StructuralSchemaValidator.jsonType(e.getValue()))
                        + " (the API server decodes them into bytes); put plain text under"
                        + " stringData instead");
              }
            });
  }

  /** Standard base64 with padding, as Go's decoder reads it (line breaks ignored). */
  static boolean isBase64(String value) {
    String s = value.replace("\r", "").replace("\n", "");
    if (s.length() % 4 != 0 || !BASE64.matcher(s).matches()) {
      return false;
    }
    try {
      Base64.getDecoder().decode(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
