package com.zenith.functions.api.naming;

import com.zenith.functions.api.v1alpha1.Function;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The fieldRef paths both engines honour, and their values: the Function's own name, namespace and
 * uid, so a variable means the same in a cluster and under zenith dev.
 */
public final class FieldRefs {
  /** The paths a Function's env may reference, in the order messages list them. */
  public static final List<String> PATHS =
      List.of("metadata.name", "metadata.namespace", "metadata.uid");

  /** The same paths, for membership tests. */
  public static final Set<String> SUPPORTED = Set.copyOf(PATHS);

  /** The paths as an English list: {@code metadata.name, metadata.namespace or metadata.uid}. */
  public static final String SUPPORTED_TEXT =
      String.join(", ", PATHS.subList(0, PATHS.size() - 1)) + " or " + PATHS.getLast();

  /** The paths quoted, as the API server lists supported values. */
  public static final String SUPPORTED_QUOTED =
      PATHS.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(", "));

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
