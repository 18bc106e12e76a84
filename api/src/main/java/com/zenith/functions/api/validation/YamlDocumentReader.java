package com.zenith.functions.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.scanner.ScannerImpl;

/**
 * Reads the YAML documents of one file into JSON trees, keeping the position of every value, and
 * turns every problem (not text, malformed YAML, duplicate keys, oversized objects) into a
 * diagnostic instead of an exception.
 */
public final class YamlDocumentReader {
  /** The API server's limit on one request body, and so on one object. */
  public static final int MAX_OBJECT_BYTES = 3 * 1024 * 1024;

  /** Files larger than this are not read at all. */
  public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

  private static final int MAX_NESTING = 64;

  /** What reading one file produced. */
  public record Result(List<LoadedDocument> documents, List<Diagnostic> diagnostics) {}

  /** Parses the given bytes, reporting positions against {@code file}. */
  public Result read(String file, byte[] bytes) {
    List<Diagnostic> diags = new ArrayList<>();
    List<LoadedDocument> docs = new ArrayList<>();
    if (bytes.length > MAX_FILE_BYTES) {
      diags.add(
          Diagnostic.error(
              file,
              SourcePosition.START,
              "",
              "file is "
                  + bytes.length
                  + " bytes; zenith reads manifest files of at most "
                  + MAX_FILE_BYTES
                  + " bytes"));
      return new Result(docs, diags);
    }
    String text;
    try {
      text = decodeText(bytes);
    } catch (NotTextException e) {
      diags.add(Diagnostic.error(file, e.position, "", e.getMessage()));
      return new Result(docs, diags);
    }
    if (text.isBlank() || onlyComments(text)) {
      diags.add(
          Diagnostic.error(
              file,
              SourcePosition.START,
              "",
              "no object found: the file is empty; expected a Kubernetes object such as a"
                  + " Function (apiVersion: functions.zenith.com/v1alpha1, kind: Function)"));
      return new Result(docs, diags);
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(50);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(Integer.MAX_VALUE);
    options.setProcessComments(false);
    ScalarConstructor constructor = new ScalarConstructor(options);
    int index = 0;
    try {
      Composer composer =
          new Composer(
              new ParserImpl(new ScannerImpl(new WholeTextReader(text, file), options)),
              new Resolver(),
              options);
      while (composer.checkNode()) {
        Node node = composer.getNode();
        index++;
        if (node == null || isNullScalar(node)) {
          continue; // an empty document between separators, as kubectl skips it
        }
        SourcePosition start = position(node.getStartMark());
        int size = node.getEndMark().getIndex() - node.getStartMark().getIndex();
        if (size > MAX_OBJECT_BYTES) {
          diags.add(
              Diagnostic.error(
                  file,
                  start,
                  "",
                  "document "
                      + index
                      + " is about "
                      + size
                      + " characters; the Kubernetes API server accepts objects of at most "
                      + MAX_OBJECT_BYTES
                      + " bytes"));
          continue;
        }
        if (!(node instanceof MappingNode)) {
          diags.add(
              Diagnostic.error(
                  file,
                  start,
                  "",
                  "document "
                      + index
                      + " is a "
                      + describe(node)
                      + "; expected a Kubernetes object, a mapping with apiVersion, kind and"
                      + " metadata"));
          continue;
        }
        SourceMap map = new SourceMap(start);
        List<Diagnostic> docDiags = new ArrayList<>();
        JsonNode tree = convert(node, "", map, constructor, file, docDiags);
        diags.addAll(docDiags);
        if (docDiags.stream().noneMatch(Diagnostic::isError)) {
          docs.add(new LoadedDocument(file, index, (ObjectNode) tree, map));
        }
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      SourcePosition pos = mark != null ? position(mark) : SourcePosition.START;
      diags.add(Diagnostic.error(file, pos, "", "malformed YAML: " + yamlProblem(e)));
    } catch (YAMLException e) {
      diags.add(
          Diagnostic.error(file, SourcePosition.START, "", "malformed YAML: " + e.getMessage()));
    } catch (StackOverflowError e) {
      diags.add(
          Diagnostic.error(
              file, SourcePosition.START, "", "malformed YAML: nesting is too deep to read"));
    }
    return new Result(docs, diags);
  }

  private static String yamlProblem(MarkedYAMLException e) {
    StringBuilder sb = new StringBuilder();
    if (e.getContext() != null) {
      sb.append(e.getContext()).append(": ");
    }
    sb.append(e.getProblem() != null ? e.getProblem() : "cannot parse");
    return sb.toString().replaceAll("\\s+", " ").trim();
  }

  private JsonNode convert(
      Node node,
      String pointer,
      SourceMap map,
      ScalarConstructor constructor,
      String file,
      List<Diagnostic> diags) {
    map.recordValue(pointer, position(node.getStartMark()));
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (node) {
      case MappingNode m -> {
        if (!Tag.MAP.equals(m.getTag())) {
          diags.add(
              YamlTags.contradiction(
                  file, position(node.getStartMark()), pointerToField(pointer), node, "a mapping"));
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
                    position(keyNode.getStartMark()),
                    pointerToField(pointer),
                    "a mapping key must be a plain value, not a " + describe(keyNode)));
            continue;
          }
          String key = sk.getValue();
          String childPointer = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
          if (!seen.add(key)) {
            diags.add(
                Diagnostic.error(
                    file,
                    position(keyNode.getStartMark()),
                    pointerToField(childPointer),
                    "duplicate field \"" + key + "\": each field may appear once"));
            continue;
          }
          map.recordKey(childPointer, position(keyNode.getStartMark()));
          obj.set(key, convert(t.getValueNode(), childPointer, map, constructor, file, diags));
        }
        return obj;
      }
      case SequenceNode s -> {
        if (!Tag.SEQ.equals(s.getTag())) {
          diags.add(
              YamlTags.contradiction(
                  file, position(node.getStartMark()), pointerToField(pointer), node, "a list"));
          return f.arrayNode();
        }
        ArrayNode arr = f.arrayNode();
        int i = 0;
        for (Node item : s.getValue()) {
          arr.add(convert(item, pointer + "/" + i, map, constructor, file, diags));
          i++;
        }
        return arr;
      }
      case ScalarNode sc -> {
        if (YamlTags.isCollection(sc.getTag())) {
          diags.add(
              YamlTags.contradiction(
                  file,
                  position(node.getStartMark()),
                  pointerToField(pointer),
                  node,
                  "a plain value (" + abbreviate(sc.getValue()) + ")"));
          return f.nullNode();
        }
        JsonNode v = scalar(sc, constructor);
        if (v == null) {
          diags.add(
              YamlTags.misfit(
                  file,
                  position(node.getStartMark()),
                  pointerToField(pointer),
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

  private static boolean isNullScalar(Node node) {
    return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
  }

  private static String describe(Node node) {
    return switch (node) {
      case SequenceNode s -> "list";
      case MappingNode m -> "mapping";
      case ScalarNode s -> "plain value (" + abbreviate(s.getValue()) + ")";
      default -> "YAML node";
    };
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 37) + "..." : s;
  }

  static String pointerToField(String pointer) {
    if (pointer.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (String seg : pointer.substring(1).split("/", -1)) {
      String s = seg.replace("~1", "/").replace("~0", "~");
      if (s.chars().allMatch(Character::isDigit) && !s.isEmpty()) {
        sb.append('[').append(s).append(']');
      } else {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(s);
      }
    }
    return sb.toString();
  }

  static SourcePosition position(Mark mark) {
    return new SourcePosition(mark.getLine() + 1, mark.getColumn() + 1);
  }

  private static boolean onlyComments(String text) {
    return text.lines()
        .map(String::strip)
        .allMatch(l -> l.isEmpty() || l.startsWith("#") || l.equals("---") || l.equals("..."));
  }

  /** Decodes strict UTF-8 and refuses control characters, naming where the first bad byte is. */
  private static String decodeText(byte[] bytes) throws NotTextException {
    int offset = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF ? 3 : 0; // a UTF-8 BOM
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    var result = decoder.decode(in, out, true);
    if (result.isError()) {
      int bad = in.position();
      String decoded = out.flip().toString();
      throw new NotTextException(
          "not a text file: invalid UTF-8 byte 0x"
              + String.format("%02x", bytes[bad] & 0xff)
              + "; expected a UTF-8 YAML manifest",
          positionOfOffset(decoded, decoded.length()));
    }
    String text = out.flip().toString();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
        throw new NotTextException(
            "not a text file: control character 0x"
                + String.format("%02x", (int) c)
                + "; expected a UTF-8 YAML manifest",
            positionOfOffset(text, i));
      }
    }
    return text;
  }

  private static SourcePosition positionOfOffset(String text, int offset) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new SourcePosition(line, col);
  }

  private static final class NotTextException extends Exception {
    private static final long serialVersionUID = 1L;
    final transient SourcePosition position;

    NotTextException(String message, SourcePosition position) {
      super(message);
      this.position = position;
    }
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
