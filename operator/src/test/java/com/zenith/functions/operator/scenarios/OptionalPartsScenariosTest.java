package com.zenith.functions.operator.scenarios;

import static com.zenith.functions.operator.scenarios.Functions.function;
import static com.zenith.functions.operator.scenarios.Functions.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.v1alpha1.AutoInstrumentationSpec;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.InstrumentationLanguage;
import com.zenith.functions.api.v1alpha1.ObservabilitySpec;
import com.zenith.functions.api.v1alpha1.TracingSpec;
import com.zenith.functions.operator.ClusterCapabilities;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * D2 and D7: a cluster with Tekton and Knative Serving but neither Knative Eventing nor the
 * OpenTelemetry operator (their CRDs are not registered in the mock). The operator starts, serves
 * HTTP functions, and says in a condition what the missing parts mean.
 */
class OptionalPartsScenariosTest extends ScenarioBase {

  @Override
  ClusterCapabilities capabilities() {
    return new ClusterCapabilities(false, false);
  }

  @Test
  void anHttpOnlyFunctionIsServedWithoutEventingCrds() {
    String ns = ClusterFixture.namespace();
    Function fn = cluster.deployReady(function(ns, "plain"));

    assertThat(fn.getStatus().url()).isEqualTo("http://plain." + ns + ".svc.cluster.local");
    assertThat(
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("triggers.eventing.knative.dev")
                .get())
        .as("the mock cluster really has no Eventing CRD")
        .isNull();
  }

  @Test
  void aFunctionAskingForEventingIsToldEventingIsNotInstalled() {
    String ns = ClusterFixture.namespace();
    cluster.create(with(function(ns, "events"), s -> Functions.eventing(s, "default", Map.of())));
    cluster.succeedBuild(cluster.awaitBuild(ns, "events"), Functions.DIGEST);
    cluster.awaitService(ns, "events");
    cluster.markServiceReady(ns, "events");

    Function fn = cluster.awaitReady(ns, "events", "False", Reasons.EVENTING_NOT_INSTALLED);
    assertThat(cluster.condition(ns, "events", ConditionTypes.EVENTING_READY))
        .hasValueSatisfying(
            c -> assertThat(c.message()).contains("Knative Eventing is not installed", "default"));
    assertThat(cluster.condition(ns, "events", ConditionTypes.SERVICE_READY))
        .hasValueSatisfying(c -> assertThat(c.status()).isEqualTo("True"));
    assertThat(fn.getStatus().url()).isNotNull();
  }

  @Test
  void autoInstrumentationWithoutTheOtelOperatorIsATracingConditionAndTheServiceRuns() {
    String ns = ClusterFixture.namespace();
    Function fn =
        cluster.deployReady(
            with(
                function(ns, "traced"),
                s ->
                    Functions.observability(
                        s,
                        new ObservabilitySpec(
                            new TracingSpec(
                                true,
                                null,
                                new AutoInstrumentationSpec(InstrumentationLanguage.PYTHON))))));

    assertThat(cluster.condition(ns, "traced", ConditionTypes.TRACING_READY))
        .hasValueSatisfying(
            c -> {
              assertThat(c.status()).isEqualTo("False");
              assertThat(c.reason()).isEqualTo(Reasons.OTEL_OPERATOR_NOT_INSTALLED);
              assertThat(c.message()).contains("python");
            });
    assertThat(fn.getStatus().conditions().get(0).status()).isEqualTo("True");
    assertThat(cluster.service(ns, "traced").getSpec().getTemplate().getMetadata().getAnnotations())
        .doesNotContainKey("instrumentation.opentelemetry.io/inject-python");
  }
}
