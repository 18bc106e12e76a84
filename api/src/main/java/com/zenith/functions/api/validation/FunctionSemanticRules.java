package com.zenith.functions.api.validation;

import com.zenith.functions.api.naming.FieldRefs;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.DaprSpec;
import com.zenith.functions.api.v1alpha1.DeploySpec;
import com.zenith.functions.api.v1alpha1.EnvVar;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.TracingSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules the CRD schema cannot express: what both engines can honour, and what must be unique across
 * the Functions of one run.
 */
final class FunctionSemanticRules {
  /** Variables Knative sets itself and refuses in a container's env. */
  static final Set<String> RESERVED_ENV =
      Set.of("PORT", "K_SERVICE", "K_CONFIGURATION", "K_REVISION");

  private FunctionSemanticRules() {}

  /** Checks one Function that passed the schema. */
  static void check(Function fn, StructuralSchemaValidator.Context ctx) {
    if (fn.getSpec() == null) {
      ctx.error(ctx.sourceMap().documentStart(), FieldPath.of("spec"), "Required value");
      return;
    }
    DeploySpec deploy = fn.getSpec().deploy();
    if (deploy != null && deploy.env() != null) {
      checkEnv(deploy.env(), ctx, isTracing(fn));
    }
    checkTracing(
        fn.getSpec().observability() == null ? null : fn.getSpec().observability().tracing(), ctx);
  }

  private static boolean isTracing(Function fn) {
    var o = fn.getSpec().observability();
    return o != null && o.tracing() != null && Boolean.TRUE.equals(o.tracing().enabled());
  }

  private static void checkEnv(
      List<EnvVar> env, StructuralSchemaValidator.Context ctx, boolean tracing) {
    Set<String> seen = new HashSet<>();
    FieldPath envPath = FieldPath.of("spec", "deploy", "env");
    for (int i = 0; i < env.size(); i++) {
      EnvVar e = env.get(i);
      FieldPath at = envPath.index(i);
      if (RESERVED_ENV.contains(e.name())) {
        ctx.error(
            ctx.sourceMap().valueAt(at.child("name")),
            at.child("name"),
            "Invalid value: "
                + Diagnostic.quoted(e.name())
                + ": is a reserved environment variable: Knative and zenith dev set it");
      } else if (!seen.add(e.name())) {
        ctx.diagnostics()
            .add(
                Diagnostic.warning(
                    ctx.file(),
                    ctx.sourceMap().valueAt(at.child("name")),
                    at.child("name").toString(),
                    "Duplicate value: \"" + e.name() + "\": the last definition wins"));
      } else if (tracing && e.name().startsWith("OTEL_")) {
        ctx.diagnostics()
            .add(
                Diagnostic.warning(
                    ctx.file(),
                    ctx.sourceMap().valueAt(at.child("name")),
                    at.child("name").toString(),
                    "\""
                        + e.name()
                        + "\" overrides the value tracing sets; remove it or disable tracing"));
      }
      if (e.valueFrom() == null) {
        continue;
      }
      FieldPath vf = at.child("valueFrom");
      var src = e.valueFrom();
      if (src.fieldRef() != null && !FieldRefs.SUPPORTED.contains(src.fieldRef().fieldPath())) {
        FieldPath fp = vf.child("fieldRef").child("fieldPath");
        ctx.error(
            ctx.sourceMap().valueAt(fp),
            fp,
            "Unsupported value: "
                + Diagnostic.quoted(src.fieldRef().fieldPath())
                + ": supported values: "
                + FieldRefs.SUPPORTED_QUOTED
                + " (other fields have no value a function can rely on)");
      }
      if (src.resourceFieldRef() != null) {
        FieldPath fp = vf.child("resourceFieldRef");
        ctx.error(
            ctx.sourceMap().valueAt(fp),
            fp,
            "Forbidden: resourceFieldRef cannot be honoured: functions get no resource limits"
                + " to read; set a literal value instead");
      }
      if (src.fileKeyRef() != null) {
        FieldPath fp = vf.child("fileKeyRef");
        ctx.error(
            ctx.sourceMap().valueAt(fp),
            fp,
            "Forbidden: fileKeyRef needs a volume, and a Function has none; use secretKeyRef"
                + " or configMapKeyRef");
      }
    }
  }

  private static void checkTracing(TracingSpec tracing, StructuralSchemaValidator.Context ctx) {
    if (tracing == null || Boolean.TRUE.equals(tracing.enabled())) {
      return;
    }
    FieldPath path = FieldPath.of("spec", "observability", "tracing");
    if (tracing.samplingRate() != null || tracing.autoInstrumentation() != null) {
      ctx.diagnostics()
          .add(
              Diagnostic.warning(
                  ctx.file(),
                  ctx.sourceMap().valueAt(path),
                  path.toString(),
                  "samplingRate and autoInstrumentation are ignored while tracing.enabled is"
                      + " not true"));
    }
  }

  /**
   * Rules across Functions: unique names and unique Dapr app IDs per namespace.
   *
   * @return the Functions that passed, in order
   */
  static List<ValidationResult.ValidFunction> checkAcross(
      List<ValidationResult.ValidFunction> functions, List<Diagnostic> out) {
    List<ValidationResult.ValidFunction> kept = new java.util.ArrayList<>();
    Map<String, ValidationResult.ValidFunction> byName = new HashMap<>();
    Map<String, ValidationResult.ValidFunction> byAppId = new HashMap<>();
    for (var vf : functions) {
      Function fn = vf.function();
      String ns = FunctionNames.namespace(fn);
      String key = ns + "/" + fn.getMetadata().getName();
      var previous = byName.putIfAbsent(key, vf);
      if (previous != null) {
        out.add(
            Diagnostic.error(
                vf.source().file(),
                vf.source().start(),
                "metadata.name",
                "Duplicate value: \""
                    + fn.getMetadata().getName()
                    + "\": a Function of this name in namespace "
                    + ns
                    + " is already defined at "
                    + previous.source().file()
                    + ":"
                    + previous.source().start()));
        continue;
      }
      boolean ok = true;
      DaprSpec dapr = fn.getSpec().deploy() == null ? null : fn.getSpec().deploy().dapr();
      if (dapr != null && Boolean.TRUE.equals(dapr.enabled())) {
        String appId = FunctionNames.daprAppId(fn);
        var other = byAppId.putIfAbsent(ns + "/" + appId, vf);
        if (other != null) {
          FieldPath p = FieldPath.of("spec", "deploy", "dapr", "appID");
          out.add(
              Diagnostic.error(
                  vf.source().file(),
                  vf.source().sourceMap().valueAt(p),
                  p.toString(),
                  "Duplicate value: \""
                      + appId
                      + "\": Dapr app IDs must be unique in a namespace; Function "
                      + other.function().getMetadata().getName()
                      + " uses it too"));
          ok = false;
        }
      }
      if (ok) {
        kept.add(vf);
      }
    }
    return kept;
  }
}
