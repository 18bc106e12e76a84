package com.zenith.functions.operator.resources;

import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Function;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Labels, owner reference and ownership test shared by every child a Function owns. */
public final class ChildMetadata {

  /** The label selector that finds every child the operator manages. */
  public static final String MANAGED_SELECTOR =
      FunctionNames.MANAGED_BY_LABEL + "=" + FunctionNames.MANAGED_BY;

  private ChildMetadata() {}

  /** The labels of every child: which Function it belongs to, and who manages it. */
  public static Map<String, String> labels(Function fn) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(FunctionNames.FUNCTION_LABEL, fn.getMetadata().getName());
    labels.put(FunctionNames.MANAGED_BY_LABEL, FunctionNames.MANAGED_BY);
    return labels;
  }

  /** Name, namespace, labels and a controller owner reference to the Function. */
  public static ObjectMeta of(Function fn, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(FunctionNames.namespace(fn))
        .withLabels(labels(fn))
        .withOwnerReferences(owner(fn))
        .build();
  }

  /** The controller owner reference: garbage collection removes the child with the Function. */
  public static OwnerReference owner(Function fn) {
    return new OwnerReferenceBuilder()
        .withApiVersion(Function.API_VERSION)
        .withKind(Function.KIND)
        .withName(fn.getMetadata().getName())
        .withUid(fn.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /**
   * True when {@code child} has a controller owner reference to this very Function (same uid). Only
   * such children are ever updated or deleted (W13).
   */
  public static boolean isOwnedBy(HasMetadata child, Function fn) {
    List<OwnerReference> refs = child.getMetadata().getOwnerReferences();
    if (refs == null) {
      return false;
    }
    String uid = fn.getMetadata().getUid();
    return refs.stream()
        .anyMatch(
            r ->
                Boolean.TRUE.equals(r.getController())
                    && Function.KIND.equals(r.getKind())
                    && uid != null
                    && uid.equals(r.getUid()));
  }

  /** {@code map}, or null when empty, so that an absent map and an empty one compare equal. */
  static <K, V> Map<K, V> nullIfEmpty(Map<K, V> map) {
    return map == null || map.isEmpty() ? null : map;
  }

  /** {@code list}, or null when empty. */
  static <T> List<T> nullIfEmpty(List<T> list) {
    return list == null || list.isEmpty() ? null : list;
  }
}
