package com.zenith.functions.operator.scenarios;

import static com.zenith.functions.operator.scenarios.Functions.function;
import static com.zenith.functions.operator.scenarios.Functions.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Conditions;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.AutoInstrumentationSpec;
import com.zenith.functions.api.v1alpha1.DaprSpec;
import com.zenith.functions.api.v1alpha1.DeploySpec;
import com.zenith.functions.api.v1alpha1.EnvFromSource;
import com.zenith.functions.api.v1alpha1.EnvVar;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.InstrumentationLanguage;
import com.zenith.functions.api.v1alpha1.ObservabilitySpec;
import com.zenith.functions.api.v1alpha1.ScaleSpec;
import com.zenith.functions.api.v1alpha1.TracingSpec;
import com.zenith.functions.api.v1alpha1.Visibility;
import io.fabric8.knative.serving.v1.Service;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Scenarios of the Knative Service: Dapr, scale, visibility, drift, re-creation, tracing (section
 * 4).
 */
class ServiceScenariosTest extends ScenarioBase {
  private static DeploySpec deploy(List<EnvVar> env, List<EnvFromSource> envFrom) {
    return new DeploySpec(env, envFrom, null, null, null);
  }

  private void awaitService(String ns, String name, Consumer<Service> check) {
    await()
        .atMost(ClusterFixture.WAIT)
        .untilAsserted(
            () -> {
              Service s = cluster.service(ns, name);
              assertThat(s).isNotNull();
              check.accept(s);
            });
  }

  private static Map<String, String> templateAnnotations(Service s) {
    var a = s.getSpec().getTemplate().getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  /** A Function whose env needs {@code missing}: blocked with {@code reason}, then recovers. */
  /** dapr-config, ksvc-update-dapr, containerport-default. */
  @Test
  void daprAnnotationsAndPortFollowTheSpec() {
    String ns = ClusterFixture.namespace();
    cluster.deployReady(function(ns, "dapr"));
    assertThat(cluster.container(ns, "dapr").getPorts().get(0).getContainerPort()).isEqualTo(8080);
    assertThat(templateAnnotations(cluster.service(ns, "dapr")))
        .doesNotContainKey("dapr.io/enabled");

    cluster.editSpec(
        ns,
        "dapr",
        s ->
            Functions.deploy(
                s,
                new DeploySpec(null, null, new DaprSpec(true, "test-dapr-app", 3000), null, null)));
    awaitService(
        ns,
        "dapr",
        s -> {
          assertThat(templateAnnotations(s))
              .containsEntry("dapr.io/enabled", "true")
              .containsEntry("dapr.io/app-id", "test-dapr-app")
              .containsEntry("dapr.io/app-port", "3000");
          assertThat(
                  s.getSpec()
                      .getTemplate()
                      .getSpec()
                      .getContainers()
                      .get(0)
                      .getPorts()
                      .get(0)
                      .getContainerPort())
              .isEqualTo(3000);
        });
    cluster.markServiceReady(ns, "dapr");
    cluster.awaitReady(ns, "dapr", "True", Reasons.READY);
  }

  /** scale-both-defined, scale-update, scale-removal, scale-edge-cases. */
  @Test
  void scaleSetUpdatedAndRemoved() {
    String ns = ClusterFixture.namespace();
    cluster.deployReady(
        with(
            function(ns, "scaled"),
            s ->
                Functions.deploy(s, new DeploySpec(null, null, null, new ScaleSpec(1, 10), null))));
    assertThat(templateAnnotations(cluster.service(ns, "scaled")))
        .containsEntry("autoscaling.knative.dev/min-scale", "1")
        .containsEntry("autoscaling.knative.dev/max-scale", "10");

    cluster.editSpec(
        ns,
        "scaled",
        s -> Functions.deploy(s, new DeploySpec(null, null, null, new ScaleSpec(0, 0), null)));
    awaitService(
        ns,
        "scaled",
        s ->
            assertThat(templateAnnotations(s))
                .containsEntry("autoscaling.knative.dev/min-scale", "0")
                .containsEntry("autoscaling.knative.dev/max-scale", "0"));

    cluster.editSpec(
        ns, "scaled", s -> Functions.deploy(s, new DeploySpec(null, null, null, null, null)));
    awaitService(
        ns,
        "scaled",
        s ->
            assertThat(templateAnnotations(s))
                .doesNotContainKeys(
                    "autoscaling.knative.dev/min-scale", "autoscaling.knative.dev/max-scale"));
  }

  /** Visibility cluster-local, external, and a change between them (W7). */
  @Test
  void visibilityChangesAreApplied() {
    String ns = ClusterFixture.namespace();
    cluster.deployReady(function(ns, "vis"));
    assertThat(cluster.service(ns, "vis").getMetadata().getLabels())
        .containsEntry(FunctionNames.VISIBILITY_LABEL, "cluster-local");

    cluster.editSpec(
        ns,
        "vis",
        s -> Functions.deploy(s, new DeploySpec(null, null, null, null, Visibility.EXTERNAL)));
    awaitService(
        ns,
        "vis",
        s ->
            assertThat(s.getMetadata().getLabels())
                .doesNotContainKey(FunctionNames.VISIBILITY_LABEL));
    cluster.markServiceReady(ns, "vis");
    await()
        .atMost(ClusterFixture.WAIT)
        .untilAsserted(
            () ->
                assertThat(cluster.get(ns, "vis").getStatus().url())
                    .isEqualTo("http://vis." + ns + ".example.com"));

    cluster.editSpec(
        ns,
        "vis",
        s -> Functions.deploy(s, new DeploySpec(null, null, null, null, Visibility.CLUSTER_LOCAL)));
    awaitService(
        ns,
        "vis",
        s ->
            assertThat(s.getMetadata().getLabels())
                .containsEntry(FunctionNames.VISIBILITY_LABEL, "cluster-local"));
  }

  /** kservice-drift-correction: a template annotation added by hand is removed; metadata kept. */
  @Test
  void driftIsCorrected() {
    String ns = ClusterFixture.namespace();
    cluster.deployReady(function(ns, "drift"));
    client
        .resources(Service.class)
        .inNamespace(ns)
        .withName("drift")
        .edit(
            s -> {
              s.getSpec().getTemplate().getMetadata().setAnnotations(Map.of("drift", "yes"));
              s.getMetadata().setAnnotations(Map.of("owner-note", "kept"));
              return s;
            });
    awaitService(
        ns,
        "drift",
        s -> {
          assertThat(templateAnnotations(s)).doesNotContainKey("drift");
          assertThat(s.getMetadata().getAnnotations()).containsEntry("owner-note", "kept");
        });
  }

  /** kservice-recreation: a deleted Service comes back. */
  @Test
  void deletedServiceIsRecreated() {
    String ns = ClusterFixture.namespace();
    cluster.deployReady(function(ns, "phoenix"));
    String uid = cluster.service(ns, "phoenix").getMetadata().getUid();
    client.resources(Service.class).inNamespace(ns).withName("phoenix").delete();
    awaitService(ns, "phoenix", s -> assertThat(s.getMetadata().getUid()).isNotEqualTo(uid));
    cluster.awaitReady(ns, "phoenix", "Unknown", Reasons.DEPLOYING);
    cluster.markServiceReady(ns, "phoenix");
    cluster.awaitReady(ns, "phoenix", "True", Reasons.READY);
  }

  /**
   * observability-autoinstrumentation, e2e-tracing-spans: Instrumentation, annotation, OTEL env.
   */
  @Test
  void autoInstrumentationCreatesTheNamespaceInstrumentation() {
    String ns = ClusterFixture.namespace();
    cluster.deployReady(
        with(
            function(ns, "traced"),
            s ->
                Functions.observability(
                    s,
                    new ObservabilitySpec(
                        new TracingSpec(
                            true,
                            "0.5",
                            new AutoInstrumentationSpec(InstrumentationLanguage.JAVA))))));
    var instrumentation =
        client
            .genericKubernetesResources("opentelemetry.io/v1alpha1", "Instrumentation")
            .inNamespace(ns)
            .withName("zenith-instrumentation")
            .get();
    assertThat(instrumentation).isNotNull();
    Service ksvc = cluster.service(ns, "traced");
    // D6: the Instrumentation's name, so a second Instrumentation in the namespace changes nothing.
    assertThat(templateAnnotations(ksvc))
        .containsEntry("instrumentation.opentelemetry.io/inject-java", "zenith-instrumentation");
    assertThat(cluster.condition(ns, "traced", ConditionTypes.TRACING_READY))
        .hasValueSatisfying(
            c -> {
              assertThat(c.status()).isEqualTo("True");
              assertThat(c.message()).contains("zenith-instrumentation", "java");
            });
    assertThat(cluster.container(ns, "traced").getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .contains("OTEL_SERVICE_NAME=traced", "OTEL_TRACES_SAMPLER_ARG=0.5");
  }

  /**
   * W18 and D7: an Instrumentation that cannot be created is TracingReady=False, not a log line,
   * and the function is deployed anyway, without the agent.
   */
  @Test
  void instrumentationFailureIsATracingConditionAndDoesNotBlockTheService() {
    String ns = ClusterFixture.namespace();
    server
        .expect()
        .post()
        .withPath("/apis/opentelemetry.io/v1alpha1/namespaces/" + ns + "/instrumentations")
        .andReturn(
            403,
            "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\",\"message\":"
                + "\"instrumentations.opentelemetry.io is forbidden: User cannot create\"}")
        .always();
    cluster.create(
        with(
            function(ns, "untraced"),
            s ->
                Functions.observability(
                    s,
                    new ObservabilitySpec(
                        new TracingSpec(
                            true,
                            null,
                            new AutoInstrumentationSpec(InstrumentationLanguage.JAVA))))));
    cluster.succeedBuild(cluster.awaitBuild(ns, "untraced"), Functions.DIGEST);
    cluster.awaitService(ns, "untraced");
    cluster.markServiceReady(ns, "untraced");

    Function fn = cluster.awaitReady(ns, "untraced", "True", Reasons.READY);
    assertThat(Conditions.find(fn.getStatus().conditions(), ConditionTypes.TRACING_READY))
        .hasValueSatisfying(
            c -> {
              assertThat(c.status()).isEqualTo("False");
              assertThat(c.reason()).isEqualTo(Reasons.FORBIDDEN);
              assertThat(c.message()).contains("User cannot create");
            });
    assertThat(templateAnnotations(cluster.service(ns, "untraced")))
        .doesNotContainKey("instrumentation.opentelemetry.io/inject-java");
    assertThat(cluster.container(ns, "untraced").getEnv())
        .extracting(e -> e.getName())
        .contains("OTEL_EXPORTER_OTLP_ENDPOINT");
  }

  /** D5: Go auto-instrumentation says what it needs that nobody can check from here. */
  @Test
  void goAutoInstrumentationSaysItNeedsTheOperatorsGoSupportAndAPrivilegedAgent() {
    String ns = ClusterFixture.namespace();
    cluster.deployReady(
        with(
            function(ns, "gofn"),
            s ->
                Functions.observability(
                    s,
                    new ObservabilitySpec(
                        new TracingSpec(
                            true,
                            null,
                            new AutoInstrumentationSpec(InstrumentationLanguage.GO))))));

    assertThat(cluster.condition(ns, "gofn", ConditionTypes.TRACING_READY))
        .hasValueSatisfying(
            c -> {
              assertThat(c.status()).isEqualTo("Unknown");
              assertThat(c.reason()).isEqualTo(Reasons.GO_INSTRUMENTATION_NEEDS_SETUP);
              assertThat(c.message()).contains("--enable-go-instrumentation=true", "privileged");
            });
    assertThat(templateAnnotations(cluster.service(ns, "gofn")))
        .containsEntry("instrumentation.opentelemetry.io/inject-go", "zenith-instrumentation");
  }

  /** ksvc-not-ready: Knative's reason and message reach the Function, then it recovers. */
  @Test
  void serviceNotReadyCarriesKnativesReason() {
    String ns = ClusterFixture.namespace();
    cluster.create(function(ns, "sick"));
    cluster.succeedBuild(cluster.awaitBuild(ns, "sick"), Functions.DIGEST);
    cluster.awaitService(ns, "sick");
    cluster.setServiceStatus(ns, "sick", "False", "RevisionFailed", "Container failed to start");
    Function fn = cluster.awaitReady(ns, "sick", "False", Reasons.SERVICE_NOT_READY);
    assertThat(fn.getStatus().conditions().get(0).message())
        .contains("RevisionFailed")
        .contains("Container failed to start");

    cluster.markServiceReady(ns, "sick");
    cluster.awaitReady(ns, "sick", "True", Reasons.READY);
  }

  /** A Service Knative's webhook refuses is an InvalidSpec condition, not an endless retry. */
  @Test
  void serviceRejectedByTheWebhookIsInvalidSpec() {
    String ns = ClusterFixture.namespace();
    server
        .expect()
        .post()
        .withPath("/apis/serving.knative.dev/v1/namespaces/" + ns + "/services")
        .andReturn(
            422,
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":422,"
                + "\"reason\":\"Invalid\",\"message\":\"admission webhook"
                + " validation.webhook.serving.knative.dev denied the request\"}")
        .always();
    cluster.create(function(ns, "refused"));
    cluster.succeedBuild(cluster.awaitBuild(ns, "refused"), Functions.DIGEST);
    Function fn = cluster.awaitReady(ns, "refused", "False", Reasons.INVALID_SPEC);
    assertThat(fn.getStatus().conditions().get(0).message())
        .contains("validation.webhook.serving.knative.dev denied the request");
  }
}
