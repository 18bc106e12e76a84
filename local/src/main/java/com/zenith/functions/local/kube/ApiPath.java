package com.zenith.functions.local.kube;

import com.zenith.functions.local.store.ResourceType;
import java.util.List;

/**
 * A request path of the Kubernetes API, parsed: which type, namespace, object and subresource it
 * names ({@code /api/v1/namespaces/NS/secrets/NAME}, {@code /apis/G/V/PLURAL}, ...).
 *
 * @param type the resource type
 * @param namespace the namespace in the path, or null (every namespace, or a cluster-scoped type)
 * @param name the object's name, or null for a collection
 * @param subresource "status", "log", or null
 */
record ApiPath(ResourceType type, String namespace, String name, String subresource) {

  /** What a path names when it is not a resource: discovery documents, or nothing we serve. */
  sealed interface Parsed permits Resource, GroupVersion, Unknown {}

  /** A resource path. */
  record Resource(ApiPath path) implements Parsed {}

  /** {@code /api/v1} or {@code /apis/G/V} itself (its resource list). */
  record GroupVersion(String group, String version) implements Parsed {}

  /** Not served: 404 with {@code why}. */
  record Unknown(String why) implements Parsed {}

  /** Parses a path (without the query string). */
  static Parsed parse(String path) {
    String[] s = path.replaceAll("^/+|/+$", "").split("/+");
    String group;
    String version;
    int rest;
    if (s.length >= 2 && s[0].equals("api")) {
      group = "";
      version = s[1];
      rest = 2;
    } else if (s.length >= 3 && s[0].equals("apis")) {
      group = s[1];
      version = s[2];
      rest = 3;
    } else {
      return new Unknown("the server could not find the requested resource");
    }
    if (s.length == rest) {
      return served(group, version)
          ? new GroupVersion(group, version)
          : new Unknown("the server could not find the requested resource");
    }
    List<String> r = List.of(s).subList(rest, s.length);
    String ns = null;
    if (r.get(0).equals("namespaces") && r.size() >= 3 && !isSubresource(r.get(2), r.size())) {
      ns = r.get(1);
      r = r.subList(2, r.size());
    }
    if (r.size() > 3) {
      return new Unknown("the server could not find the requested resource");
    }
    ResourceType type = find(group, version, r.get(0));
    if (type == null) {
      return new Unknown("the server could not find the requested resource (" + r.get(0) + ")");
    }
    if (ns != null && !type.namespaced()) {
      return new Unknown("the server could not find the requested resource");
    }
    String name = r.size() > 1 ? r.get(1) : null;
    String sub = r.size() > 2 ? r.get(2) : null;
    if (sub != null && !subresources(type).contains(sub)) {
      return new Unknown("the server could not find the requested resource");
    }
    return new Resource(new ApiPath(type, ns, name, sub));
  }

  /** The subresources a type has. */
  static List<String> subresources(ResourceType type) {
    if (type.equals(ResourceType.POD)) {
      return List.of("log");
    }
    return type.hasStatus() && type.stored() ? List.of("status") : List.of();
  }

  private static boolean isSubresource(String third, int size) {
    // /api/v1/namespaces/NAME/status is the Namespace's status, not a resource named "status".
    return size == 3 && (third.equals("status") || third.equals("finalize"));
  }

  private static boolean served(String group, String version) {
    return ResourceType.ALL.stream()
        .anyMatch(t -> t.group().equals(group) && t.version().equals(version));
  }

  private static ResourceType find(String group, String version, String plural) {
    for (ResourceType t : ResourceType.ALL) {
      if (t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural)) {
        return t;
      }
    }
    return null;
  }
}
