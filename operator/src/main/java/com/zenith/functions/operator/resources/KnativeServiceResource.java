package com.zenith.functions.operator.resources;

import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.observability.TelemetryEnvironment;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.TracingSpec;
import com.zenith.functions.api.v1alpha1.Visibility;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Knative Service {@code <fn>}: the built image by digest, the resolved env, Dapr, scale and
 * tracing annotations, the request timeout, the visibility label, and the function's ServiceAccount
 * and pull Secret (W11). {@link #overlay} applies exactly these fields to the observed object and
 * leaves what Knative or others set alone (W7); comparing the result with the observed object by
 * value is the semantic difference test (W2).
 */
public final class KnativeServiceResource {

  /** Port the function listens on when Dapr does not say otherwise. */
  public static final int DEFAULT_PORT = 8080;

  /** Knative's min-scale annotation. */
  public static final String MIN_SCALE = "autoscaling.knative.dev/min-scale";

  /** Knative's max-scale annotation. */
  public static final String MAX_SCALE = "autoscaling.knative.dev/max-scale";

  private KnativeServiceResource() {}

  /**
   * What the cluster contributes to the Service.
   *
   * @param sinkUrl where the function sends events ({@code K_SINK}): its broker's address, or null
   *     without eventing
   * @param injectAgent whether the OpenTelemetry agent is injected (the Instrumentation exists)
   */
  public record Extras(String sinkUrl, boolean injectAgent) {

    /**
     * What a cluster with every part gives: the multi-tenant broker's ingress and an injected agent
     * (what {@code zenith render} shows).
     */
    public static Extras assumed(Function fn) {
      String broker = TriggerResource.broker(fn);
      return new Extras(
          broker == null
              ? null
              : FunctionNames.brokerIngressUrl(FunctionNames.namespace(fn), broker),
          true);
    }
  }

  /** The desired Knative Service in a cluster with every optional part ({@link Extras#assumed}). */
  public static Service desired(
      Function fn, String image, EnvResolver.Resolution env, ChildSettings settings) {
    return desired(fn, image, env, settings, Extras.assumed(fn));
  }

  /**
   * The desired Knative Service.
   *
   * @param fn the Function
   * @param image the image to run, {@code image@sha256:...}
   * @param env the resolved environment ({@link EnvResolver})
   * @param settings operator settings (OTEL endpoint, Dapr tracing config)
   * @param extras the broker address and whether the agent is injected
   */
  public static Service desired(
      Function fn,
      String image,
      EnvResolver.Resolution env,
      ChildSettings settings,
      Extras extras) {
    String name = fn.getMetadata().getName();
    ObjectMeta meta = ChildMetadata.of(fn, FunctionNames.knativeService(name));
    if (FunctionNames.visibility(fn) == Visibility.CLUSTER_LOCAL) {
      meta.getLabels().put(FunctionNames.VISIBILITY_LABEL, "cluster-local");
    }
    String registrySecret = fn.getSpec().build().registrySecretName();
    Container container =
        new ContainerBuilder()
            .withImage(image)
            .withPorts(new ContainerPortBuilder().withContainerPort(port(fn)).build())
            .withEnv(ChildMetadata.nullIfEmpty(env(fn, env.env(), settings, extras)))
            .withEnvFrom(ChildMetadata.nullIfEmpty(env.envFrom()))
            .build();
    return new ServiceBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of(FunctionNames.FUNCTION_LABEL, name))
        .withAnnotations(ChildMetadata.nullIfEmpty(templateAnnotations(fn, settings, extras)))
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(FunctionNames.serviceAccount(name))
        .withImagePullSecrets(
            registrySecret == null || registrySecret.isEmpty()
                ? null
                : List.of(new LocalObjectReference(registrySecret)))
        .withContainers(container)
        .withTimeoutSeconds(timeoutSeconds(fn))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * spec.deploy.timeoutSeconds, or null when unset: then the Service's own value (Knative's default
   * or a hand edit) is left alone, as before the field existed.
   */
  private static Long timeoutSeconds(Function fn) {
    var deploy = fn.getSpec().deploy();
    return deploy == null || deploy.timeoutSeconds() == null
        ? null
        : deploy.timeoutSeconds().longValue();
  }

  /** The container port: dapr.appPort when Dapr is enabled and sets one, else 8080. */
  public static int port(Function fn) {
    var dapr = fn.getSpec().deploy() == null ? null : fn.getSpec().deploy().dapr();
    if (dapr != null && Boolean.TRUE.equals(dapr.enabled()) && dapr.appPort() != null) {
      return dapr.appPort();
    }
    return DEFAULT_PORT;
  }

  /**
   * The observed Service with our fields applied: our labels (the visibility label added or
   * removed), the template's annotations exactly as desired (so drift is corrected), the template
   * labels merged, the ServiceAccount, pull Secrets, and the first container's image, ports, env
   * and envFrom. Everything else (traffic, Knative's defaults, others' metadata annotations) is
   * kept.
   */
  public static Service overlay(Service observed, Service desired) {
    Service out = DeepCopy.of(observed, Service.class);
    Map<String, String> labels =
        new HashMap<>(Objects.requireNonNullElse(out.getMetadata().getLabels(), Map.of()));
    labels.remove(FunctionNames.VISIBILITY_LABEL);
    labels.putAll(desired.getMetadata().getLabels());
    out.getMetadata().setLabels(labels);

    var wantTemplate = desired.getSpec().getTemplate();
    if (out.getSpec() == null || out.getSpec().getTemplate() == null) {
      out.setSpec(DeepCopy.of(desired, Service.class).getSpec());
      return out;
    }
    var template = out.getSpec().getTemplate();
    if (template.getMetadata() == null) {
      template.setMetadata(new ObjectMeta());
    }
    template.getMetadata().setAnnotations(wantTemplate.getMetadata().getAnnotations());
    Map<String, String> templateLabels =
        new HashMap<>(Objects.requireNonNullElse(template.getMetadata().getLabels(), Map.of()));
    templateLabels.putAll(wantTemplate.getMetadata().getLabels());
    template.getMetadata().setLabels(templateLabels);
    var spec = template.getSpec();
    var wantSpec = wantTemplate.getSpec();
    spec.setServiceAccountName(wantSpec.getServiceAccountName());
    spec.setImagePullSecrets(wantSpec.getImagePullSecrets());
    if (wantSpec.getTimeoutSeconds() != null) {
      spec.setTimeoutSeconds(wantSpec.getTimeoutSeconds());
    }
    Container want = wantSpec.getContainers().get(0);
    if (spec.getContainers() == null || spec.getContainers().isEmpty()) {
      spec.setContainers(List.of(want));
      return out;
    }
    Container c = spec.getContainers().get(0);
    c.setImage(want.getImage());
    if (!containerPorts(c).equals(containerPorts(want))) {
      c.setPorts(want.getPorts());
    }
    c.setEnv(want.getEnv());
    c.setEnvFrom(want.getEnvFrom());
    return out;
  }

  private static List<Integer> containerPorts(Container c) {
    return c.getPorts() == null
        ? List.of()
        : c.getPorts().stream().map(ContainerPort::getContainerPort).toList();
  }

  private static Map<String, String> templateAnnotations(
      Function fn, ChildSettings settings, Extras extras) {
    Map<String, String> a = new LinkedHashMap<>();
    var deploy = fn.getSpec().deploy();
    TracingSpec tracing = tracing(fn);
    boolean tracingOn = tracing != null && Boolean.TRUE.equals(tracing.enabled());
    var dapr = deploy == null ? null : deploy.dapr();
    if (dapr != null && Boolean.TRUE.equals(dapr.enabled())) {
      a.put("dapr.io/enabled", "true");
      a.put("dapr.io/app-id", FunctionNames.daprAppId(fn));
      a.put("dapr.io/app-port", String.valueOf(port(fn)));
      a.put("dapr.io/metrics-port", "9095");
      if (tracingOn && !settings.daprTracingConfig().isEmpty()) {
        a.put("dapr.io/config", settings.daprTracingConfig());
      }
    }
    var scale = deploy == null ? null : deploy.scale();
    if (scale != null && scale.minScale() != null) {
      a.put(MIN_SCALE, String.valueOf(scale.minScale()));
    }
    if (scale != null && scale.maxScale() != null) {
      a.put(MAX_SCALE, String.valueOf(scale.maxScale()));
    }
    if (tracingOn && tracing.autoInstrumentation() != null && extras.injectAgent()) {
      // The Instrumentation's name, not "true": "true" picks the namespace's only Instrumentation
      // and fails as soon as there is a second one.
      a.put(
          "instrumentation.opentelemetry.io/inject-"
              + tracing.autoInstrumentation().language().value(),
          InstrumentationResource.NAME);
    }
    return a;
  }

  private static List<EnvVar> env(
      Function fn, List<EnvVar> userEnv, ChildSettings settings, Extras extras) {
    List<EnvVar> env = new ArrayList<>();
    if (extras.sinkUrl() != null) {
      env.add(plain("K_SINK", extras.sinkUrl())); // what a Knative SinkBinding would set
    }
    if (TelemetryEnvironment.enabled(fn)) {
      TelemetryEnvironment.variables(fn, settings.otelEndpoint())
          .forEach((k, v) -> env.add(plain(k, v)));
    }
    // A user variable of the same name wins: drop ours rather than send a duplicate (W24).
    env.removeIf(o -> userEnv.stream().anyMatch(u -> u.getName().equals(o.getName())));
    env.addAll(userEnv);
    return env;
  }

  private static EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static TracingSpec tracing(Function fn) {
    var o = fn.getSpec().observability();
    return o == null ? null : o.tracing();
  }
}
