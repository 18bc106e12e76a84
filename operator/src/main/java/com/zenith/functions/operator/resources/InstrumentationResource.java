package com.zenith.functions.operator.resources;

import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Function;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenTelemetry operator's {@code Instrumentation} named {@code zenith-instrumentation}, one
 * per namespace, shared by the Functions there that ask for auto-instrumentation (as the original).
 */
public final class InstrumentationResource {

  /** API version of the Instrumentation kind. */
  public static final String API_VERSION = "opentelemetry.io/v1alpha1";

  /** Kind. */
  public static final String KIND = "Instrumentation";

  /** Name of the shared object. */
  public static final String NAME = "zenith-instrumentation";

  private static final String AGENT_IMAGE_PREFIX =
      "ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-";

  private InstrumentationResource() {}

  /** True when the Function asks for auto-instrumentation. */
  public static boolean wanted(Function fn) {
    var o = fn.getSpec().observability();
    var t = o == null ? null : o.tracing();
    return t != null && Boolean.TRUE.equals(t.enabled()) && t.autoInstrumentation() != null;
  }

  /** The desired Instrumentation in the Function's namespace. */
  public static GenericKubernetesResource desired(Function fn, ChildSettings settings) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("exporter", Map.of("endpoint", settings.otelEndpoint()));
    spec.put("propagators", List.of("tracecontext", "baggage"));
    spec.put("sampler", Map.of("type", "parentbased_traceidratio", "argument", "1.0"));
    spec.put(
        "go",
        Map.of(
            "image",
            "ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.23.0",
            "env",
            List.of(Map.of("name", "OTEL_GO_AUTO_TARGET_EXE", "value", "/workspace"))));
    for (String lang : List.of("java", "nodejs", "python", "dotnet")) {
      spec.put(lang, Map.of("image", AGENT_IMAGE_PREFIX + lang + ":latest"));
    }
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(KIND)
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(FunctionNames.namespace(fn))
        .withLabels(Map.of(FunctionNames.MANAGED_BY_LABEL, FunctionNames.MANAGED_BY))
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }
}
