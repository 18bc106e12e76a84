package com.zenith.functions.local.realize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.EnvVar;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.FunctionStatus;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The Kubernetes objects that show what runs, as a cluster would show them: a v1 Pod per instance
 * (labelled as Knative labels its pods, container {@code user-container}) and a Knative Service per
 * Function. Pure: runner snapshots in, JSON out. Secret- and ConfigMap-backed variables are shown
 * as their references, never as their values.
 */
final class PodView {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PodView() {}

  static ObjectNode pod(String namespace, FunctionRunner.InstanceView i, Set<String> inherited) {
    Function fn = i.fn();
    String name = fn.getMetadata().getName();
    String revision = PodNames.revision(name, i.revision());
    ObjectNode pod = JSON.createObjectNode();
    pod.put("apiVersion", "v1").put("kind", "Pod");
    ObjectNode meta = pod.putObject("metadata");
    meta.put("name", i.pod())
        .put("namespace", namespace)
        .put("uid", java.util.UUID.nameUUIDFromBytes(i.pod().getBytes()).toString())
        .put("creationTimestamp", i.created().truncatedTo(ChronoUnit.SECONDS).toString());
    meta.putObject("labels")
        .put("serving.knative.dev/service", name)
        .put("serving.knative.dev/configuration", name)
        .put("serving.knative.dev/revision", revision)
        .put(FunctionNames.FUNCTION_LABEL, name)
        .put("app", revision);
    ObjectNode container = pod.putObject("spec").putArray("containers").addObject();
    container.put("name", "user-container");
    if (fn.getSpec().build() != null && fn.getSpec().build().image() != null) {
      container.put("image", fn.getSpec().build().image());
    }
    container.set("env", env(fn, i.environment(), inherited));
    var deploy = fn.getSpec().deploy();
    if (deploy != null && deploy.envFrom() != null && !deploy.envFrom().isEmpty()) {
      container.set("envFrom", JSON.valueToTree(deploy.envFrom()));
    }
    if (i.port() > 0) {
      container
          .putArray("ports")
          .addObject()
          .put("name", "user-port")
          .put("containerPort", i.port());
    }
    ObjectNode status = pod.putObject("status");
    status.put("phase", i.running() ? "Running" : "Pending");
    status.put("podIP", "127.0.0.1").put("hostIP", "127.0.0.1");
    status
        .putArray("conditions")
        .addObject()
        .put("type", "Ready")
        .put("status", i.ready() ? "True" : "False");
    ObjectNode cs = status.putArray("containerStatuses").addObject();
    cs.put("name", "user-container")
        .put("ready", i.ready())
        .put("started", i.running())
        .put("restartCount", i.restarts());
    if (i.running()) {
      cs.putObject("state")
          .putObject("running")
          .put("startedAt", i.created().truncatedTo(ChronoUnit.SECONDS).toString());
    } else {
      cs.putObject("state").putObject("waiting").put("reason", "ContainerCreating");
    }
    return pod;
  }

  /** The container's env: the spec's entries as written, then what the platform injects. */
  private static ArrayNode env(Function fn, Map<String, String> actual, Set<String> inherited) {
    ArrayNode out = JSON.createArrayNode();
    Set<String> fromSpec = new HashSet<>();
    var deploy = fn.getSpec().deploy();
    if (deploy != null && deploy.env() != null) {
      for (EnvVar e : deploy.env()) {
        fromSpec.add(e.name());
        ObjectNode v = out.addObject().put("name", e.name());
        if (e.valueFrom() != null) {
          v.set("valueFrom", JSON.valueToTree(e.valueFrom()));
        } else {
          v.put("value", actual.getOrDefault(e.name(), e.value() == null ? "" : e.value()));
        }
      }
    }
    for (var e : actual.entrySet()) {
      if (!fromSpec.contains(e.getKey())
          && !inherited.contains(e.getKey())
          && injected(e.getKey())) {
        out.addObject().put("name", e.getKey()).put("value", e.getValue());
      }
    }
    return out;
  }

  /** Variables the platform sets (not those envFrom brought in, which could be secret). */
  private static boolean injected(String name) {
    return name.equals("PORT")
        || name.equals("HOST")
        || name.startsWith("K_")
        || name.startsWith("DAPR_")
        || name.equals("APP_ID")
        || name.equalsIgnoreCase("HTTP_PROXY")
        || name.equalsIgnoreCase("NO_PROXY")
        || name.equals("JAVA_TOOL_OPTIONS")
        || name.equals("NODE_OPTIONS")
        || name.equals("ZENITH_GATEWAY_PORT");
  }

  static ObjectNode knativeService(
      Function fn, FunctionStatus status, java.util.List<FunctionRunner.InstanceView> instances) {
    String name = fn.getMetadata().getName();
    String ns = FunctionNames.namespace(fn);
    ObjectNode ksvc = JSON.createObjectNode();
    ksvc.put("apiVersion", "serving.knative.dev/v1").put("kind", "Service");
    ObjectNode meta = ksvc.putObject("metadata");
    meta.put("name", FunctionNames.knativeService(name)).put("namespace", ns);
    if (fn.getMetadata().getCreationTimestamp() != null) {
      meta.put("creationTimestamp", fn.getMetadata().getCreationTimestamp());
    }
    meta.putObject("labels")
        .put(FunctionNames.FUNCTION_LABEL, name)
        .put(FunctionNames.VISIBILITY_LABEL, FunctionNames.visibility(fn).value());
    ObjectNode st = ksvc.putObject("status");
    if (status != null && status.url() != null) {
      st.put("url", status.url());
      st.putObject("address").put("url", FunctionNames.internalUrl(name, ns));
    }
    int created = 0;
    int ready = 0;
    for (var i : instances) {
      created = Math.max(created, i.revision());
      if (i.ready()) {
        ready = Math.max(ready, i.revision());
      }
    }
    if (created > 0) {
      st.put("latestCreatedRevisionName", PodNames.revision(name, created));
    }
    if (ready > 0) {
      st.put("latestReadyRevisionName", PodNames.revision(name, ready));
    }
    ArrayNode conditions = st.putArray("conditions");
    var service =
        status == null || status.conditions() == null
            ? null
            : status.conditions().stream()
                .filter(c -> c.type().equals("ServiceReady"))
                .findFirst()
                .orElse(null);
    for (String type : new String[] {"ConfigurationsReady", "Ready", "RoutesReady"}) {
      ObjectNode c = conditions.addObject().put("type", type);
      c.put("status", service == null ? "Unknown" : service.status());
      if (service != null && !"True".equals(service.status())) {
        c.put("reason", service.reason()).put("message", service.message());
      }
    }
    return ksvc;
  }
}
