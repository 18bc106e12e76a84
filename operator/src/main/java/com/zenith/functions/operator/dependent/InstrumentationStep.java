package com.zenith.functions.operator.dependent;

import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Function;
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
 * auto-instrumentation. A failure is returned, to become a condition, instead of being only logged
 * (W18). Namespaces already ensured are remembered, so a converged Function costs no API call.
 */
final class InstrumentationStep {

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
  private final Set<String> ensured = ConcurrentHashMap.newKeySet();

  InstrumentationStep(KubernetesClient client, ChildSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  /** Null when all is well (or nothing is asked), else what went wrong. */
  String ensure(Function fn) {
    if (!InstrumentationResource.wanted(fn)) {
      return null;
    }
    String ns = FunctionNames.namespace(fn);
    if (ensured.contains(ns)) {
      return null;
    }
    var resource =
        client
            .genericKubernetesResources(INSTRUMENTATIONS)
            .inNamespace(ns)
            .withName(InstrumentationResource.NAME);
    try {
      if (resource.get() == null) {
        client
            .genericKubernetesResources(INSTRUMENTATIONS)
            .inNamespace(ns)
            .resource(InstrumentationResource.desired(fn, settings))
            .create();
      }
      ensured.add(ns);
      return null;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        ensured.add(ns);
        return null;
      }
      return "cannot create Instrumentation "
          + InstrumentationResource.NAME
          + " in "
          + ns
          + " (HTTP "
          + e.getCode()
          + ")";
    }
  }
}
