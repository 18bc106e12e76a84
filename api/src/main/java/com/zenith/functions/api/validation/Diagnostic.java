package com.zenith.functions.api.validation;

/**
 * One finding about a manifest: where it is (file, line:column, field path) and what was expected.
 */
public record Diagnostic(
    Severity severity, String file, SourcePosition position, String field, String message) {

  /** An error. */
  public static Diagnostic error(String file, SourcePosition pos, String field, String message) {
    return new Diagnostic(Severity.ERROR, file, pos, field, message);
  }

  /** A warning. */
  public static Diagnostic warning(String file, SourcePosition pos, String field, String message) {
    return new Diagnostic(Severity.WARNING, file, pos, field, message);
  }

  /** True for errors. */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** The compiler-style line: {@code file:line:col: error: field: message}. */
  @Override
  public String toString() {
    String where = field == null || field.isEmpty() ? "" : field + ": ";
    return file
        + ":"
        + position
        + ": "
        + severity.name().toLowerCase(java.util.Locale.ROOT)
        + ": "
        + where
        + message;
  }
}
