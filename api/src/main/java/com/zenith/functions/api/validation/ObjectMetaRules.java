package com.zenith.functions.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Patterns;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a manifest's metadata the way the API server and Knative would. */
final class ObjectMetaRules {
  private static final Set<String> KNOWN =
      Set.of(
          "name",
          "generateName",
          "namespace",
          "labels",
          "annotations",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "ownerReferences",
          "finalizers",
          "managedFields",
          "selfLink");

  private static final Pattern DNS1035 = Pattern.compile(Patterns.DNS1035_LABEL);
  private static final Pattern DNS1123_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(Patterns.DNS1123_SUBDOMAIN);

  static final int MAX_FUNCTION_NAME = FunctionNames.MAX_FUNCTION_NAME;

  private ObjectMetaRules() {}

  /** Checks metadata of a Function: its name becomes a Knative Service and DNS name. */
  static void checkFunction(LoadedDocument doc, StructuralSchemaValidator.Context ctx) {
    JsonNode meta = checkCommon(doc, ctx);
    if (meta == null) {
      return;
    }
    JsonNode name = meta.get("name");
    FieldPath path = FieldPath.of("metadata", "name");
    if (name == null || !name.isTextual() || name.asText().isEmpty()) {
      String detail =
          meta.has("generateName")
              ? ": a Function needs a fixed name, because its name is its URL"
              : ": name is required";
      ctx.error(ctx.sourceMap().valueAt(FieldPath.of("metadata")), path, "Required value" + detail);
      return;
    }
    String n = name.asText();
    SourcePosition pos = ctx.sourceMap().valueAt(path);
    if (n.length() > MAX_FUNCTION_NAME) {
      ctx.error(pos, path, "Too long: " + FunctionNames.NAME_TOO_LONG);
    } else if (!DNS1035.matcher(n).matches()) {
      ctx.error(
          pos,
          path,
          "Invalid value: "
              + Diagnostic.quoted(n)
              + ": a DNS-1035 label must consist of lower case alphanumeric characters or"
              + " '-', start with an alphabetic character, and end with an alphanumeric"
              + " character (e.g. 'my-name',  or 'abc-123', regex used for validation is"
              + " '[a-z]([-a-z0-9]*[a-z0-9])?')");
    }
  }

  /** Checks metadata of any other kept object (Secret, ConfigMap, Broker). */
  static void checkOther(LoadedDocument doc, StructuralSchemaValidator.Context ctx) {
    JsonNode meta = checkCommon(doc, ctx);
    if (meta == null) {
      return;
    }
    JsonNode name = meta.get("name");
    FieldPath path = FieldPath.of("metadata", "name");
    if (name == null || !name.isTextual() || name.asText().isEmpty()) {
      ctx.error(
          ctx.sourceMap().valueAt(FieldPath.of("metadata")),
          path,
          "Required value: name is required");
    } else if (!DNS1123_SUBDOMAIN.matcher(name.asText()).matches()
        || name.asText().length() > 253) {
      ctx.error(
          ctx.sourceMap().valueAt(path),
          path,
          "Invalid value: "
              + Diagnostic.quoted(name.asText())
              + ": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
              + " characters, '-' or '.', and must start and end with an alphanumeric character");
    }
  }

  private static JsonNode checkCommon(LoadedDocument doc, StructuralSchemaValidator.Context ctx) {
    JsonNode meta = doc.tree().get("metadata");
    FieldPath path = FieldPath.of("metadata");
    if (meta == null || meta.isNull()) {
      ctx.error(doc.start(), path.child("name"), "Required value: metadata.name is required");
      return null;
    }
    if (!meta.isObject()) {
      ctx.error(
          ctx.sourceMap().valueAt(path),
          path,
          "Invalid value: \""
              + StructuralSchemaValidator.jsonType(meta)
              + "\": metadata must be of type object");
      return null;
    }
    meta.fieldNames()
        .forEachRemaining(
            f -> {
              if (!KNOWN.contains(f)) {
                ctx.error(
                    ctx.sourceMap().keyAt(path.child(f)),
                    path.child(f),
                    "unknown field " + Diagnostic.quoted("metadata." + f));
              }
            });
    JsonNode ns = meta.get("namespace");
    if (ns != null
        && !(ns.isTextual()
            && DNS1123_LABEL.matcher(ns.asText()).matches()
            && ns.asText().length() <= 63)) {
      ctx.error(
          ctx.sourceMap().valueAt(path.child("namespace")),
          path.child("namespace"),
          "Invalid value: "
              + Diagnostic.shown(ns)
              + ": a lowercase RFC 1123 label must consist of lower case alphanumeric characters"
              + " or '-', and must start and end with an alphanumeric character");
    }
    for (String mapField : new String[] {"labels", "annotations"}) {
      JsonNode m = meta.get(mapField);
      if (m == null || m.isNull()) {
        continue;
      }
      FieldPath mp = path.child(mapField);
      if (!m.isObject()) {
        ctx.error(
            ctx.sourceMap().valueAt(mp),
            mp,
            "Invalid value: \""
                + StructuralSchemaValidator.jsonType(m)
                + "\": "
                + mp
                + " must be a map of strings");
        continue;
      }
      m.properties()
          .forEach(
              e -> {
                if (!e.getValue().isTextual()) {
                  ctx.error(
                      ctx.sourceMap().valueAt(mp.key(e.getKey())),
                      mp.key(e.getKey()),
                      "Invalid value: \""
                          + StructuralSchemaValidator.jsonType(e.getValue())
                          + "\": "
                          + mapField
                          + " values must be strings: quote them, e.g. \"true\"");
                }
              });
    }
    return meta;
  }
}
