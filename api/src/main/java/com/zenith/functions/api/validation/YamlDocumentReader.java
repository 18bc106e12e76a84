package com.zenith.functions.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.scanner.ScannerImpl;

/**
 * Reads the YAML documents of one file into JSON trees, keeping the position of every value, and
 * turns every problem (not text, malformed YAML, duplicate keys, oversized objects) into a
 * diagnostic instead of an exception. {@link ManifestText} decodes the bytes, {@link
 * YamlTreeConverter} turns each document into its JSON tree.
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
      text = ManifestText.decode(bytes);
    } catch (ManifestText.NotTextException e) {
      diags.add(Diagnostic.error(file, e.position, "", e.getMessage()));
      return new Result(docs, diags);
    }
    if (text.isBlank() || ManifestText.onlyComments(text)) {
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
    YamlTreeConverter converter = new YamlTreeConverter(file, options);
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
                      + YamlTreeConverter.describe(node)
                      + "; expected a Kubernetes object, a mapping with apiVersion, kind and"
                      + " metadata"));
          continue;
        }
        SourceMap map = new SourceMap(start);
        List<Diagnostic> docDiags = new ArrayList<>();
        JsonNode tree = converter.convert(node, "", map, docDiags);
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

  private static boolean isNullScalar(Node node) {
    return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
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
}
