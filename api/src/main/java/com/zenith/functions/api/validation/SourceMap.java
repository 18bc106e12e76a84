package com.zenith.functions.api.validation;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each value (and each mapping key) of a YAML document starts, by JSON pointer, so that a
 * problem found in the parsed tree can be reported at its line and column.
 */
public final class SourceMap {
  private final Map<String, SourcePosition> values = new HashMap<>();
  private final Map<String, SourcePosition> keys = new HashMap<>();
  private final SourcePosition documentStart;

  /** A map for a document starting at the given position. */
  public SourceMap(SourcePosition documentStart) {
    this.documentStart = documentStart;
  }

  void recordValue(String pointer, SourcePosition pos) {
    values.putIfAbsent(pointer, pos);
  }

  void recordKey(String pointer, SourcePosition pos) {
    keys.putIfAbsent(pointer, pos);
  }

  /** Where the value at this path starts, or the nearest enclosing value that exists. */
  public SourcePosition valueAt(FieldPath path) {
    return nearest(path.pointer(), values);
  }

  /** Where the key naming this path starts (the value's position for array elements). */
  public SourcePosition keyAt(FieldPath path) {
    SourcePosition key = keys.get(path.pointer());
    return key != null ? key : valueAt(path);
  }

  /**
   * Where to report a problem with the value at this path: its key for mappings and lists, whose
   * content starts on a later line, else the value itself.
   */
  public SourcePosition at(FieldPath path, com.fasterxml.jackson.databind.JsonNode value) {
    return value != null && value.isContainerNode() ? keyAt(path) : valueAt(path);
  }

  /** Where the document starts. */
  public SourcePosition documentStart() {
    return documentStart;
  }

  private SourcePosition nearest(String pointer, Map<String, SourcePosition> map) {
    String p = pointer;
    while (true) {
      SourcePosition pos = map.get(p);
      if (pos != null) {
        return pos;
      }
      if (p.isEmpty()) {
        return documentStart;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }
}
