package com.zenith.functions.local.store;

import java.util.List;

/**
 * A kind of object the local engine's store serves, named as the Kubernetes API names it.
 *
 * @param group API group ("" for the core group)
 * @param version API version within the group
 * @param kind the kind, as written in manifests
 * @param plural the resource name in URLs
 * @param singular the singular name kubectl accepts
 * @param namespaced true when objects live in a namespace
 * @param shortNames the short names kubectl accepts
 * @param hasStatus true when the type has a status subresource (spec and status written apart)
 * @param stored true when the store keeps the objects; false for read-only views the engine derives
 *     (Pods, Knative Services)
 */
public record ResourceType(
    String group,
    String version,
    String kind,
    String plural,
    String singular,
    boolean namespaced,
    List<String> shortNames,
    boolean hasStatus,
    boolean stored) {

  /** functions.zenith.com/v1alpha1 Function. */
  public static final ResourceType FUNCTION =
      new ResourceType(
          "functions.zenith.com",
          "v1alpha1",
          "Function",
          "functions",
          "function",
          true,
          List.of("fn", "fns"),
          true,
          true);

  /** v1 Secret. */
  public static final ResourceType SECRET =
      new ResourceType("", "v1", "Secret", "secrets", "secret", true, List.of(), false, true);

  /** v1 ConfigMap. */
  public static final ResourceType CONFIG_MAP =
      new ResourceType(
          "", "v1", "ConfigMap", "configmaps", "configmap", true, List.of("cm"), false, true);

  /** v1 Namespace. */
  public static final ResourceType NAMESPACE =
      new ResourceType(
          "", "v1", "Namespace", "namespaces", "namespace", false, List.of("ns"), true, true);

  /** v1 Event, written by the engine on each condition change. */
  public static final ResourceType EVENT =
      new ResourceType("", "v1", "Event", "events", "event", true, List.of("ev"), false, true);

  /** eventing.knative.dev/v1 Broker. */
  public static final ResourceType BROKER =
      new ResourceType(
          "eventing.knative.dev", "v1", "Broker", "brokers", "broker", true, List.of(), true, true);

  /** sources.knative.dev/v1 PingSource. */
  public static final ResourceType PING_SOURCE =
      new ResourceType(
          "sources.knative.dev",
          "v1",
          "PingSource",
          "pingsources",
          "pingsource",
          true,
          List.of(),
          true,
          true);

  /** v1 Pod: a read-only view, one per running function instance. */
  public static final ResourceType POD =
      new ResourceType("", "v1", "Pod", "pods", "pod", true, List.of("po"), true, false);

  /** serving.knative.dev/v1 Service: a read-only view, one per Function. */
  public static final ResourceType KNATIVE_SERVICE =
      new ResourceType(
          "serving.knative.dev",
          "v1",
          "Service",
          "services",
          "service",
          true,
          List.of("kservice", "ksvc"),
          true,
          false);

  /** Every type the engine serves, stored ones first. */
  public static final List<ResourceType> ALL =
      List.of(
          FUNCTION,
          SECRET,
          CONFIG_MAP,
          NAMESPACE,
          EVENT,
          BROKER,
          PING_SOURCE,
          POD,
          KNATIVE_SERVICE);

  /** The apiVersion written in objects: "v1" for the core group, else "group/version". */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The type whose apiVersion and kind these are, or null when the engine serves no such type. */
  public static ResourceType of(String apiVersion, String kind) {
    for (ResourceType t : ALL) {
      if (t.apiVersion().equals(apiVersion) && t.kind().equals(kind)) {
        return t;
      }
    }
    return null;
  }
}
