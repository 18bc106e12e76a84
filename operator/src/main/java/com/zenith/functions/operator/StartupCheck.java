package com.zenith.functions.operator;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks, before anything starts, that the API server answers and serves the APIs the operator
 * needs (Function, Tekton PipelineRun, Knative Service), and discovers the optional ones (Knative
 * Eventing, the OpenTelemetry operator). A failure is one sentence naming the server or the missing
 * APIs, so the process can exit with it instead of hanging in informer retries.
 */
final class StartupCheck {

  /** An API the operator uses: a resource in a group version, and what provides it. */
  record Api(String groupVersion, String plural, String providedBy) {
    String describe() {
      return providedBy + " (" + plural + "." + groupVersion + ")";
    }
  }

  static final List<Api> REQUIRED =
      List.of(
          new Api(
              "functions.zenith.com/v1alpha1",
              "functions",
              "the Function CRD (install the chart, or apply its crds/ directory)"),
          new Api("tekton.dev/v1", "pipelineruns", "Tekton Pipelines"),
          new Api("serving.knative.dev/v1", "services", "Knative Serving"));

  static final List<Api> EVENTING =
      List.of(
          new Api("eventing.knative.dev/v1", "triggers", "Knative Eventing"),
          new Api("eventing.knative.dev/v1", "brokers", "Knative Eventing"));

  static final Api INSTRUMENTATION =
      new Api("opentelemetry.io/v1alpha1", "instrumentations", "the OpenTelemetry operator");

  /** Why the operator cannot start, in one line. */
  static final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    StartupException(String message) {
      super(message);
    }
  }

  private StartupCheck() {}

  /**
   * Discovers what the cluster serves, through a client that gives up after a few seconds (the
   * operator's own client retries for minutes, which is right while running, not at start-up).
   */
  static ClusterCapabilities discover(KubernetesClient client) throws StartupException {
    var quick =
        new ConfigBuilder(client.getConfiguration())
            .withRequestRetryBackoffLimit(2)
            .withConnectionTimeout(5_000)
            .withRequestTimeout(10_000)
            .build();
    String server = client.getConfiguration().getMasterUrl();
    try (KubernetesClient probe = new KubernetesClientBuilder().withConfig(quick).build()) {
      List<Api> all = new ArrayList<>(REQUIRED);
      all.addAll(EVENTING);
      all.add(INSTRUMENTATION);
      Set<Api> served = new java.util.HashSet<>();
      for (String gv : all.stream().map(Api::groupVersion).distinct().toList()) {
        Set<String> plurals = plurals(probe, gv, server);
        all.stream()
            .filter(a -> a.groupVersion().equals(gv) && plurals.contains(a.plural()))
            .forEach(served::add);
      }
      return evaluate(served);
    }
  }

  /** Pure: the capabilities given what is served, or the missing required APIs as one sentence. */
  static ClusterCapabilities evaluate(Set<Api> served) throws StartupException {
    List<Api> missing = REQUIRED.stream().filter(a -> !served.contains(a)).toList();
    if (!missing.isEmpty()) {
      throw new StartupException(
          "required APIs are not served: "
              + missing.stream().map(Api::describe).collect(Collectors.joining(", "))
              + "; install them and start the operator again");
    }
    return new ClusterCapabilities(served.containsAll(EVENTING), served.contains(INSTRUMENTATION));
  }

  private static Set<String> plurals(KubernetesClient probe, String groupVersion, String server)
      throws StartupException {
    APIResourceList list;
    try {
      list = probe.getApiResources(groupVersion);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Set.of();
      }
      throw new StartupException(unreachable(server, e));
    }
    if (list == null || list.getResources() == null) {
      return Set.of();
    }
    return list.getResources().stream().map(APIResource::getName).collect(Collectors.toSet());
  }

  private static String unreachable(String server, KubernetesClientException e) {
    if (e.getCode() == 401 || e.getCode() == 403) {
      return "the Kubernetes API server at "
          + server
          + " refused the operator's credentials (HTTP "
          + e.getCode()
          + "); check the kubeconfig or the pod's ServiceAccount";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return "cannot reach the Kubernetes API server at "
        + server
        + ": "
        + why.strip()
        + "; check the kubeconfig (or the in-cluster service environment) and the network";
  }
}
