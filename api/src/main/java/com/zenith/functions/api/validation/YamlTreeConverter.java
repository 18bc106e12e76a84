package com.zenith.functions.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns one composed YAML document (SnakeYAML nodes) into a JSON tree as kubectl would send it:
 * YAML 1.1 scalars, merge keys applied, timestamps kept as strings; records where every key and
 * value is, and reports tags that do not fit and duplicate keys.
 */
final class YamlTreeConverter {
  private final String file;
  private final ScalarConstructor constructor;

  /** A converter for the documents of {@code file}, read with {@code options}. */
  YamlTreeConverter(String file, LoaderOptions options) {
    this.file = file;
    this.constructor = new ScalarConstructor(options);
  }

  /**
   * The JSON value of {@code node} at {@code pointer}, recording positions in {@code map} and
   * problems (a tag that contradicts the node, a non-scalar or duplicate key) in {@code diags}.
   */
  JsonNode convert(Node node, String pointer, SourceMap map, List<Diagnostic> diags) {
    map.recordValue(pointer, YamlDocumentReader.position(node.getStartMark()));
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (node) {
      case MappingNode m -> {
        if (!Tag.MAP.equals(m.getTag())) {
          diags.add(
              YamlTags.contradiction(
                  file,
                  YamlDocumentReader.position(node.getStartMark()),
                  YamlDocumentReader.pointerToField(pointer),
                  node,
                  "a mapping"));
          return f.objectNode();
        }
        ObjectNode obj = f.objectNode();
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : mergedTuples(m)) {
          Node keyNode = t.getKeyNode();
          if (!(keyNode instanceof ScalarNode sk)) {
            diags.add(
                Diagnostic.error(
                    file,
                    YamlDocumentReader.position(keyNode.getStartMark()),
                    YamlDocumentReader.pointerToField(pointer),
                    "a mapping key must be a plain value, not a " + describe(keyNode)));
            continue;
          }
          String key = sk.getValue();
          String childPointer = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
          if (!seen.add(key)) {
            diags.add(
                Diagnostic.error(
                    file,
                    YamlDocumentReader.position(keyNode.getStartMark()),
                    YamlDocumentReader.pointerToField(childPointer),
                    "duplicate field \"" + key + "\": each field may appear once"));
            continue;
          }
          map.recordKey(childPointer, YamlDocumentReader.position(keyNode.getStartMark()));
          obj.set(key, convert(t.getValueNode(), childPointer, map, diags));
        }
        return obj;
      }
      case SequenceNode s -> {
        if (!Tag.SEQ.equals(s.getTag())) {
          diags.add(
              YamlTags.contradiction(
                  file,
                  YamlDocumentReader.position(node.getStartMark()),
                  YamlDocumentReader.pointerToField(pointer),
                  node,
                  "a list"));
          return f.arrayNode();
        }
        ArrayNode arr = f.arrayNode();
        int i = 0;
        for (Node item : s.getValue()) {
          arr.add(convert(item, pointer + "/" + i, map, diags));
          i++;
        }
        return arr;
      }
      case ScalarNode sc -> {
        if (YamlTags.isCollection(sc.getTag())) {
          diags.add(
              YamlTags.contradiction(
                  file,
                  YamlDocumentReader.position(node.getStartMark()),
                  YamlDocumentReader.pointerToField(pointer),
                  node,
                  "a plain value (" + abbreviate(sc.getValue()) + ")"));
          return f.nullNode();
        }
        JsonNode v = scalar(sc, constructor);
        if (v == null) {
          diags.add(
              YamlTags.misfit(
                  file,
                  YamlDocumentReader.position(node.getStartMark()),
                  YamlDocumentReader.pointerToField(pointer),
                  sc,
                  abbreviate(sc.getValue())));
          return f.nullNode();
        }
        return v;
      }
      default -> {
        return f.textNode(String.valueOf(node));
      }
    }
  }

  /** YAML merge keys ({@code <<: *anchor}) bring in the anchor's entries not set locally. */
  private static List<NodeTuple> mergedTuples(MappingNode m) {
    List<NodeTuple> own = new ArrayList<>();
    List<NodeTuple> merged = new ArrayList<>();
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k
          && Tag.MERGE.equals(k.getTag())
          && "<<".equals(k.getValue())) {
        Node v = t.getValueNode();
        if (v instanceof MappingNode mv) {
          merged.addAll(mergedTuples(mv));
        } else if (v instanceof SequenceNode sv) {
          for (Node item : sv.getValue()) {
            if (item instanceof MappingNode mi) {
              merged.addAll(mergedTuples(mi));
            }
          }
        }
      } else {
        own.add(t);
      }
    }
    Set<String> ownKeys = new HashSet<>();
    for (NodeTuple t : own) {
      if (t.getKeyNode() instanceof ScalarNode k) {
        ownKeys.add(k.getValue());
      }
    }
    List<NodeTuple> all = new ArrayList<>(own);
    Set<String> mergedKeys = new HashSet<>();
    for (NodeTuple t : merged) {
      if (t.getKeyNode() instanceof ScalarNode k
          && !ownKeys.contains(k.getValue())
          && mergedKeys.add(k.getValue())) {
        all.add(t);
      }
    }
    return all;
  }

  /** The JSON value of a scalar; null when an explicit type tag does not fit its text. */
  private static JsonNode scalar(ScalarNode sc, ScalarConstructor constructor) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    Tag tag = sc.getTag();
    if (Tag.STR.equals(tag) || Tag.TIMESTAMP.equals(tag) || Tag.BINARY.equals(tag)) {
      return f.textNode(sc.getValue()); // timestamps stay strings, as kubectl sends them
    }
    Object v;
    try {
      v = constructor.scalar(sc);
    } catch (RuntimeException e) {
      return YamlTags.isTypedScalar(tag) ? null : f.textNode(sc.getValue());
    }
    return switch (v) {
      case null -> YamlTags.isTypedScalar(tag) && !Tag.NULL.equals(tag) ? null : f.nullNode();
      case Boolean b -> f.booleanNode(b);
      case Integer i -> f.numberNode(i.longValue());
      case Long l -> f.numberNode(l);
      case BigInteger b -> f.numberNode(b);
      case Double d -> f.numberNode(d);
      case Float d -> f.numberNode(d.doubleValue());
      default -> f.textNode(sc.getValue());
    };
  }

  /** How a node is named in messages: list, mapping, plain value (...). */
  static String describe(Node node) {
    return switch (node) {
      case SequenceNode s -> "list";
      case MappingNode m -> "mapping";
      case ScalarNode s -> "plain value (" + abbreviate(s.getValue()) + ")";
      default -> "YAML node";
    };
  }

  static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 37) + "..." : s;
  }

  /** Exposes SnakeYAML's scalar resolution (YAML 1.1, as kubectl) for one node. */
  private static final class ScalarConstructor extends SafeConstructor {
    ScalarConstructor(LoaderOptions options) {
      super(options);
    }

    Object scalar(ScalarNode node) {
      return constructObject(node);
    }
  }
}
