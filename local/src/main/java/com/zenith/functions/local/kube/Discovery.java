package com.zenith.functions.local.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.local.store.ResourceType;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The discovery documents kubectl reads before any verb (the legacy, unaggregated form, which
 * kubectl falls back to when the server answers plain JSON): {@code /api}, {@code /apis}, {@code
 * /api/v1}, {@code /apis/G/V}, {@code /version}.
 */
final class Discovery {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** The Kubernetes version the API reports (the kubectl it is tested with). */
  static final String GIT_VERSION = "v1.32.0-zenith";

  private Discovery() {}

  /** {@code /version}. */
  static ObjectNode version() {
    return F.objectNode()
        .put("major", "1")
        .put("minor", "32")
        .put("gitVersion", GIT_VERSION)
        .put("gitCommit", "")
        .put("gitTreeState", "clean")
        .put("buildDate", "2025-01-01T00:00:00Z")
        .put("goVersion", "java" + Runtime.version().feature())
        .put("compiler", "zenith")
        .put("platform", System.getProperty("os.name").toLowerCase() + "/" + arch());
  }

  /** {@code /api}. */
  static ObjectNode coreVersions(String serverAddress) {
    ObjectNode o = F.objectNode().put("kind", "APIVersions");
    o.putArray("versions").add("v1");
    o.putArray("serverAddressByClientCIDRs")
        .addObject()
        .put("clientCIDR", "0.0.0.0/0")
        .put("serverAddress", serverAddress);
    return o;
  }

  /** {@code /apis}: every non-core group. */
  static ObjectNode groups() {
    ObjectNode o = F.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = o.putArray("groups");
    for (Map.Entry<String, Set<String>> g : groupVersions().entrySet()) {
      groups.add(group(g.getKey(), g.getValue()));
    }
    return o;
  }

  /** {@code /apis/G}, or null when the group is not served. */
  static ObjectNode group(String name) {
    Set<String> versions = groupVersions().get(name);
    return versions == null ? null : group(name, versions);
  }

  private static ObjectNode group(String name, Set<String> versions) {
    ObjectNode g = F.objectNode().put("kind", "APIGroup").put("apiVersion", "v1");
    g.put("name", name);
    ArrayNode vs = g.putArray("versions");
    for (String v : versions) {
      vs.addObject().put("groupVersion", name + "/" + v).put("version", v);
    }
    String first = versions.iterator().next();
    g.putObject("preferredVersion").put("groupVersion", name + "/" + first).put("version", first);
    return g;
  }

  private static Map<String, Set<String>> groupVersions() {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (ResourceType t : ResourceType.ALL) {
      if (!t.group().isEmpty()) {
        out.computeIfAbsent(t.group(), k -> new LinkedHashSet<>()).add(t.version());
      }
    }
    return out;
  }

  /** {@code /api/v1} or {@code /apis/G/V}: the resources of one group version. */
  static ObjectNode resources(String group, String version) {
    ObjectNode o = F.objectNode().put("kind", "APIResourceList").put("apiVersion", "v1");
    o.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode rs = o.putArray("resources");
    for (ResourceType t : ResourceType.ALL) {
      if (!t.group().equals(group) || !t.version().equals(version)) {
        continue;
      }
      ObjectNode r =
          rs.addObject()
              .put("name", t.plural())
              .put("singularName", t.singular())
              .put("namespaced", t.namespaced())
              .put("kind", t.kind());
      verbs(r, t.stored() ? WRITABLE : READ_ONLY);
      if (!t.shortNames().isEmpty()) {
        ArrayNode sn = r.putArray("shortNames");
        t.shortNames().forEach(sn::add);
      }
      List<String> categories = categories(t);
      if (!categories.isEmpty()) {
        ArrayNode c = r.putArray("categories");
        categories.forEach(c::add);
      }
      for (String sub : ApiPath.subresources(t)) {
        ObjectNode s =
            rs.addObject()
                .put("name", t.plural() + "/" + sub)
                .put("singularName", "")
                .put("namespaced", t.namespaced())
                .put("kind", sub.equals("log") ? "Pod" : t.kind());
        verbs(s, sub.equals("log") ? List.of("get") : List.of("get", "patch", "update"));
      }
    }
    return o;
  }

  private static final List<String> WRITABLE =
      List.of("create", "delete", "get", "list", "patch", "update", "watch");
  private static final List<String> READ_ONLY = List.of("get", "list");

  private static void verbs(ObjectNode r, List<String> verbs) {
    ArrayNode v = r.putArray("verbs");
    verbs.forEach(v::add);
  }

  /** The categories kubectl expands ({@code kubectl get all}, {@code kubectl get zenith}). */
  static List<String> categories(ResourceType t) {
    if (t.equals(ResourceType.FUNCTION)) {
      return List.of("all", "zenith");
    }
    if (t.equals(ResourceType.POD) || t.equals(ResourceType.KNATIVE_SERVICE)) {
      return List.of("all");
    }
    return List.of();
  }

  private static String arch() {
    String a = System.getProperty("os.arch");
    return a.equals("x86_64") ? "amd64" : a.equals("aarch64") ? "arm64" : a;
  }
}
