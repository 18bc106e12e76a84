package com.zenith.functions.api.validation;

/** A 1-based line and column in a source file. */
public record SourcePosition(int line, int column) {
  /** The start of a file. */
  public static final SourcePosition START = new SourcePosition(1, 1);

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
