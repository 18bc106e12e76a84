package com.zenith.functions.api.validation;

/**
 * One finding about a manifest: where it is (file, line:column, field path) and what was expected.
 */
public record Diagnostic(
    Severity severity, String file, SourcePosition position, String field, String message) {
  private static final int MAX_FIELD = 200;
  private static final int MAX_MESSAGE = 4096;

  /** Cuts a field path or message that quotes an enormous key or value whole. */
  public Diagnostic {
    if (field != null && field.length() > MAX_FIELD) {
      field = field.substring(0, MAX_FIELD) + "...";
    }
    if (message != null && message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE) + "...";
    }
  }

  /** An error. */
  public static Diagnostic error(String file, SourcePosition pos, String field, String message) {
    return new Diagnostic(Severity.ERROR, file, pos, field, message);
  }

  /** A warning. */
  public static Diagnostic warning(String file, SourcePosition pos, String field, String message) {
    return new Diagnostic(Severity.WARNING, file, pos, field, message);
  }

  /** How many characters of a value a message quotes; a longer one is cut. */
  public static final int SHOWN_CHARS = 80;

  /** A value as a message quotes it: in double quotes, cut after {@link #SHOWN_CHARS}. */
  public static String quoted(String value) {
    return "\"" + cut(value) + "\"";
  }

  /** A JSON value as a message shows it (strings quoted), cut after {@link #SHOWN_CHARS}. */
  public static String shown(com.fasterxml.jackson.databind.JsonNode value) {
    return value != null && value.isTextual() ? quoted(value.asText()) : cut(String.valueOf(value));
  }

  private static String cut(String s) {
    if (s.codePointCount(0, s.length()) <= SHOWN_CHARS) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, SHOWN_CHARS))
        + "... ("
        + s.length()
        + " characters)";
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
