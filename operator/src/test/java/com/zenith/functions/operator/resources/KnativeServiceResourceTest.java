package com.zenith.functions.operator.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.v1alpha1.AutoInstrumentationSpec;
import com.zenith.functions.api.v1alpha1.BuildSpec;
import com.zenith.functions.api.v1alpha1.DaprSpec;
import com.zenith.functions.api.v1alpha1.DeploySpec;
import com.zenith.functions.api.v1alpha1.EnvVar;
import com.zenith.functions.api.v1alpha1.EnvVarSource;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.InstrumentationLanguage;
import com.zenith.functions.api.v1alpha1.ObjectFieldSelector;
import com.zenith.functions.api.v1alpha1.ObservabilitySpec;
import com.zenith.functions.api.v1alpha1.ResourceFieldSelector;
import com.zenith.functions.api.v1alpha1.ScaleSpec;
import com.zenith.functions.api.v1alpha1.TracingSpec;
import com.zenith.functions.api.v1alpha1.Visibility;
import io.fabric8.knative.serving.v1.Service;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnativeServiceResourceTest {

  private static final String IMAGE = "registry.example.com/team/hello:latest@sha256:abc";
  private final ChildSettings settings = ChildSettings.defaults();

  private static Function fn(DeploySpec deploy, ObservabilitySpec o) {
    return ResourceFixtures.fn(
        null,
        null,
        new BuildSpec("registry.example.com/team/hello:latest", "pull"),
        deploy,
        null,
        o);
  }

  private Service desired(Function fn) {
    return KnativeServiceResource.desired(fn, IMAGE, EnvResolver.resolve(fn), settings);
  }

  @Test
  void plainFunctionRunsByDigestOn8080AsItsServiceAccount() {
    Service s = desired(fn(new DeploySpec(null, null, null, null, null), null));
    var spec = s.getSpec().getTemplate().getSpec();
    assertThat(s.getMetadata().getLabels())
        .containsEntry("networking.knative.dev/visibility", "cluster-local");
    assertThat(spec.getContainers().get(0).getImage()).isEqualTo(IMAGE);
    assertThat(spec.getContainers().get(0).getPorts().get(0).getContainerPort()).isEqualTo(8080);
    assertThat(spec.getServiceAccountName()).isEqualTo("hello-sa");
    assertThat(spec.getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("pull");
    assertThat(s.getSpec().getTemplate().getMetadata().getAnnotations()).isNull();
  }

  @Test
  void theRevisionTimeoutIsWrittenWhenSetAndAHandEditSurvivesWhenNot() {
    Service set = desired(fn(new DeploySpec(null, null, null, null, null, 3), null));
    Service unset = desired(fn(new DeploySpec(null, null, null, null, null), null));
    Service edited = desired(fn(new DeploySpec(null, null, null, null, null), null));
    edited.getSpec().getTemplate().getSpec().setTimeoutSeconds(900L);

    assertThat(set.getSpec().getTemplate().getSpec().getTimeoutSeconds()).isEqualTo(3L);
    assertThat(unset.getSpec().getTemplate().getSpec().getTimeoutSeconds()).isNull();
    var afterSet = KnativeServiceResource.overlay(edited, set).getSpec().getTemplate().getSpec();
    assertThat(afterSet.getTimeoutSeconds()).isEqualTo(3L);
    var afterUnset =
        KnativeServiceResource.overlay(edited, unset).getSpec().getTemplate().getSpec();
    assertThat(afterUnset.getTimeoutSeconds()).isEqualTo(900L);
  }

  @Test
  void daprScaleTracingAndVisibility() {
    var tracing =
        new ObservabilitySpec(
            new TracingSpec(true, "0.5", new AutoInstrumentationSpec(InstrumentationLanguage.GO)));
    Service s =
        desired(
            fn(
                new DeploySpec(
                    List.of(new EnvVar("APP", "x", null)),
                    null,
                    new DaprSpec(true, null, 3000),
                    new ScaleSpec(0, 5),
                    Visibility.EXTERNAL),
                tracing));
    assertThat(s.getMetadata().getLabels()).doesNotContainKey("networking.knative.dev/visibility");
    assertThat(s.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("dapr.io/app-id", "hello")
        .containsEntry("dapr.io/app-port", "3000")
        .containsEntry("dapr.io/config", "tracing-config")
        .containsEntry("autoscaling.knative.dev/min-scale", "0")
        .containsEntry("autoscaling.knative.dev/max-scale", "5")
        .containsEntry("instrumentation.opentelemetry.io/inject-go", "zenith-instrumentation");
    var c = s.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(3000);
    assertThat(c.getEnv())
        .extracting(e -> e.getName())
        .containsExactly(
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            "OTEL_EXPORTER_OTLP_PROTOCOL",
            "OTEL_SERVICE_NAME",
            "OTEL_RESOURCE_ATTRIBUTES",
            "OTEL_TRACES_EXPORTER",
            "OTEL_TRACES_SAMPLER",
            "OTEL_TRACES_SAMPLER_ARG",
            "APP");
  }

  @Test
  void unsupportedEnvSourcesAreProblemsNotBlanks() {
    var resolution =
        EnvResolver.resolve(
            fn(
                new DeploySpec(
                    List.of(
                        new EnvVar(
                            "IP",
                            null,
                            new EnvVarSource(
                                null,
                                null,
                                new ObjectFieldSelector(null, "status.podIP"),
                                null,
                                null)),
                        new EnvVar(
                            "MEM",
                            null,
                            new EnvVarSource(
                                null,
                                null,
                                null,
                                new ResourceFieldSelector(null, "limits.memory", null),
                                null))),
                    null,
                    null,
                    null,
                    null),
                null));
    assertThat(resolution.problems()).hasSize(2);
    assertThat(resolution.problems().get(0)).contains("status.podIP");
    assertThat(resolution.env()).isEmpty();
  }

  @Test
  void overlayKeepsWhatKnativeAddedAndDetectsNoChange() {
    Function f = fn(new DeploySpec(null, null, null, null, null), null);
    Service observed = desired(f);
    observed.getSpec().getTemplate().getSpec().getContainers().get(0).setName("user-container");
    observed.getMetadata().setAnnotations(Map.of("serving.knative.dev/creator", "admin"));

    Service next = KnativeServiceResource.overlay(observed, desired(f));
    assertThat(next).isEqualTo(observed);

    observed.getSpec().getTemplate().getMetadata().setAnnotations(Map.of("drift", "yes"));
    Service corrected = KnativeServiceResource.overlay(observed, desired(f));
    assertThat(corrected.getSpec().getTemplate().getMetadata().getAnnotations()).isNull();
    assertThat(corrected.getSpec().getTemplate().getSpec().getContainers().get(0).getName())
        .isEqualTo("user-container");
    assertThat(corrected.getMetadata().getAnnotations())
        .containsEntry("serving.knative.dev/creator", "admin");
  }
}
