package com.zenith.functions.api.naming;

import com.zenith.functions.api.v1alpha1.Function;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

/**
 * The fieldRef paths both engines honour, and their values: the Function's own name, namespace and
 * uid, so a variable means the same in a cluster and under zenith dev.
 */
public final class FieldRefs {
  /** The paths a Function's env may reference. */
  public static final Set<String> SUPPORTED =
      Set.of("metadata.name", "metadata.namespace", "metadata.uid");

  private FieldRefs() {}

  /**
   * The value of {@code path} for {@code fn}, or null when the path is not supported. A Function
   * that has no uid (one read from a file) gets a stable one derived from its namespace and name.
   */
  public static String value(Function fn, String path) {
    return switch (path) {
      case "metadata.name" -> fn.getMetadata().getName();
      case "metadata.namespace" -> FunctionNames.namespace(fn);
      case "metadata.uid" -> uid(fn);
      default -> null;
    };
  }

  private static String uid(Function fn) {
    String uid = fn.getMetadata().getUid();
    if (uid != null && !uid.isEmpty()) {
      return uid;
    }
    String key = FunctionNames.namespace(fn) + "/" + fn.getMetadata().getName();
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
