package com.zenith.functions.api.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One YAML document of a manifest file, parsed into a tree, with its source positions. */
public record LoadedDocument(String file, int index, ObjectNode tree, SourceMap sourceMap) {

  /** The apiVersion field, or an empty string. */
  public String apiVersion() {
    return text("apiVersion");
  }

  /** The kind field, or an empty string. */
  public String kind() {
    return text("kind");
  }

  /** metadata.name, or an empty string. */
  public String name() {
    var n = tree.path("metadata").path("name");
    return n.isTextual() ? n.asText() : "";
  }

  private String text(String field) {
    var n = tree.get(field);
    return n != null && n.isTextual() ? n.asText() : "";
  }

  /** Where the document starts, for messages about the whole object. */
  public SourcePosition start() {
    return sourceMap.documentStart();
  }
}
