package com.zenith.functions.api.validation;

import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Explicit YAML tags that contradict the value they are on ({@code kind: !!map Function}, {@code
 * !!int latest}, {@code !!str {}}): Kubernetes manifests need no tags, and the API server would
 * refuse what such a tag makes of the value, so the reader refuses them where they are.
 */
final class YamlTags {
  private static final Set<Tag> COLLECTION = Set.of(Tag.MAP, Tag.SEQ, Tag.OMAP, Tag.SET, Tag.PAIRS);
  private static final Set<Tag> TYPED_SCALAR = Set.of(Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL);

  private YamlTags() {}

  /** A tag only a mapping or a list can have. */
  static boolean isCollection(Tag tag) {
    return COLLECTION.contains(tag);
  }

  /** A tag that gives a scalar a type its text must fit. */
  static boolean isTypedScalar(Tag tag) {
    return TYPED_SCALAR.contains(tag);
  }

  /** A node whose tag says it is something else (what it is: "a mapping", "a list", ...). */
  static Diagnostic contradiction(
      String file, SourcePosition at, String field, Node node, String what) {
    return Diagnostic.error(
        file,
        at,
        field,
        what
            + " is tagged "
            + shortTag(node.getTag())
            + ", which contradicts it; remove the tag (Kubernetes manifests need no YAML tags)");
  }

  /** A scalar whose text does not fit its type tag ({@code shown} is its text, cut). */
  static Diagnostic misfit(
      String file, SourcePosition at, String field, ScalarNode node, String shown) {
    return Diagnostic.error(
        file,
        at,
        field,
        "\""
            + shown
            + "\" is tagged "
            + shortTag(node.getTag())
            + " but is not "
            + describe(node.getTag())
            + "; remove the tag, or quote the value for a string");
  }

  private static String shortTag(Tag tag) {
    String v = tag.getValue();
    return v.startsWith(Tag.PREFIX) ? "!!" + v.substring(Tag.PREFIX.length()) : v;
  }

  private static String describe(Tag tag) {
    if (Tag.INT.equals(tag)) {
      return "an integer";
    } else if (Tag.FLOAT.equals(tag)) {
      return "a number";
    } else if (Tag.BOOL.equals(tag)) {
      return "a boolean (true or false)";
    }
    return "null";
  }
}
