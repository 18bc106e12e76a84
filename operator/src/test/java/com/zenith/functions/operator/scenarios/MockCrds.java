package com.zenith.functions.operator.scenarios;

import com.zenith.functions.api.v1alpha1.Function;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * The CRDs of a mock cluster: ours (generated from the model), and minimal ones for Tekton, Knative
 * and the OpenTelemetry operator, with the status subresource so that status patches behave as on
 * an API server.
 */
public final class MockCrds {

  private MockCrds() {}

  /** Registers the CRDs the operator watches, so discovery and /status work in the mock. */
  public static void register(KubernetesClient client) {
    register(client, com.zenith.functions.operator.ClusterCapabilities.all());
  }

  /** Registers ours, Tekton's and Knative Serving's CRDs, and the optional ones the cluster has. */
  public static void register(
      KubernetesClient client, com.zenith.functions.operator.ClusterCapabilities capabilities) {
    var crds = client.apiextensions().v1().customResourceDefinitions();
    try (var in =
        Function.class.getResourceAsStream(
            "/META-INF/fabric8/functions.functions.zenith.com-v1.yml")) {
      crds.resource(crds.load(in).item()).createOr(r -> r.update());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<CustomResourceDefinition> all =
        new java.util.ArrayList<>(
            List.of(
                crd("tekton.dev", "v1", "PipelineRun", "pipelineruns"),
                crd("tekton.dev", "v1", "TaskRun", "taskruns"),
                crd("serving.knative.dev", "v1", "Service", "services")));
    if (capabilities.eventing()) {
      all.add(crd("eventing.knative.dev", "v1", "Trigger", "triggers"));
      all.add(crd("eventing.knative.dev", "v1", "Broker", "brokers"));
    }
    if (capabilities.instrumentation()) {
      all.add(crd("opentelemetry.io", "v1alpha1", "Instrumentation", "instrumentations"));
    }
    for (CustomResourceDefinition crd : all) {
      crds.resource(crd).createOr(r -> r.update());
    }
  }

  /** A namespaced CRD with a status subresource and a schema that keeps every field. */
  static CustomResourceDefinition crd(String group, String version, String kind, String plural) {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(plural + "." + group)
        .endMetadata()
        .withNewSpec()
        .withGroup(group)
        .withScope("Namespaced")
        .withNewNames()
        .withKind(kind)
        .withPlural(plural)
        .withSingular(kind.toLowerCase(java.util.Locale.ROOT))
        .endNames()
        .addNewVersion()
        .withName(version)
        .withServed(true)
        .withStorage(true)
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .endSubresources()
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .endVersion()
        .endSpec()
        .build();
  }
}
