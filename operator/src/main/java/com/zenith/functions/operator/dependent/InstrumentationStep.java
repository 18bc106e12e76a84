package com.zenith.functions.operator.dependent;

import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Conditions;
import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Condition;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.InstrumentationLanguage;
import com.zenith.functions.operator.resources.ChildSettings;
import com.zenith.functions.operator.resources.InstrumentationResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.HttpURLConnection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ensures the namespace's shared OpenTelemetry Instrumentation exists when a Function asks for
 * auto-instrumentation, and reports it as TracingReady. A tracing problem is this condition only:
 * it never keeps the Knative Service from being deployed (the Service then runs without the agent).
 * Namespaces already ensured are remembered, so a converged Function costs no API call.
 */
final class InstrumentationStep {

  /**
   * What the step found.
   *
   * @param condition TracingReady, or null when auto-instrumentation is not asked
   * @param injectAgent whether the Service may ask the OpenTelemetry operator for the agent
   */
  record Outcome(Condition condition, boolean injectAgent) {}

  private static final ResourceDefinitionContext INSTRUMENTATIONS =
      new ResourceDefinitionContext.Builder()
          .withGroup("opentelemetry.io")
          .withVersion("v1alpha1")
          .withKind(InstrumentationResource.KIND)
          .withPlural("instrumentations")
          .withNamespaced(true)
          .build();

  private final KubernetesClient client;
  private final ChildSettings settings;
  private final boolean installed;
  private final Set<String> ensured = ConcurrentHashMap.newKeySet();

  InstrumentationStep(KubernetesClient client, ChildSettings settings, boolean installed) {
    this.client = client;
    this.settings = settings;
    this.installed = installed;
  }

  Outcome ensure(Function fn) {
    if (!InstrumentationResource.wanted(fn)) {
      return new Outcome(null, false);
    }
    InstrumentationLanguage language =
        fn.getSpec().observability().tracing().autoInstrumentation().language();
    if (!installed) {
      return new Outcome(
          tracing(
              ConditionStatus.FALSE,
              Reasons.OTEL_OPERATOR_NOT_INSTALLED,
              FunctionMessages.otelOperatorNotInstalled(language.value())),
          false);
    }
    String ns = FunctionNames.namespace(fn);
    if (!ensured.contains(ns)) {
      Condition failure = create(fn, ns);
      if (failure != null) {
        return new Outcome(failure, false);
      }
    }
    if (language == InstrumentationLanguage.GO) {
      return new Outcome(
          tracing(
              ConditionStatus.UNKNOWN,
              Reasons.GO_INSTRUMENTATION_NEEDS_SETUP,
              FunctionMessages.goInstrumentationNeedsSetup(InstrumentationResource.NAME)),
          true);
    }
    return new Outcome(
        tracing(
            ConditionStatus.TRUE,
            Reasons.READY,
            FunctionMessages.instrumented(InstrumentationResource.NAME, language.value())),
        true);
  }

  /** Creates the Instrumentation if absent; null when it exists now, else the condition. */
  private Condition create(Function fn, String ns) {
    var resources = client.genericKubernetesResources(INSTRUMENTATIONS).inNamespace(ns);
    try {
      if (resources.withName(InstrumentationResource.NAME).get() == null) {
        resources.resource(InstrumentationResource.desired(fn, settings)).create();
      }
      ensured.add(ns);
      return null;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        ensured.add(ns);
        return null;
      }
      String detail =
          e.getStatus() != null && e.getStatus().getMessage() != null
              ? e.getStatus().getMessage()
              : "HTTP " + e.getCode();
      if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
        return tracing(
            ConditionStatus.FALSE,
            Reasons.FORBIDDEN,
            FunctionMessages.forbidden(
                InstrumentationResource.KIND, InstrumentationResource.NAME, detail));
      }
      return tracing(
          ConditionStatus.FALSE,
          Reasons.INSTRUMENTATION_FAILED,
          FunctionMessages.instrumentationFailed(
              "cannot create Instrumentation "
                  + InstrumentationResource.NAME
                  + " in "
                  + ns
                  + " ("
                  + detail
                  + ")"));
    }
  }

  private static Condition tracing(String status, String reason, String message) {
    return Conditions.of(ConditionTypes.TRACING_READY, status, reason, message);
  }
}
