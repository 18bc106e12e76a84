package com.zenith.functions.cli.commands;

import com.zenith.functions.api.validation.Diagnostic;
import com.zenith.functions.cli.Style;
import java.io.PrintWriter;
import java.util.List;

/** Prints validation problems as {@code file:line:column: error: field: message}, one a line. */
final class Diagnostics {
  private Diagnostics() {}

  /** Prints every diagnostic to {@code out} in the format of {@code zenith validate}. */
  static void print(List<Diagnostic> diagnostics, Style style, PrintWriter out) {
    for (Diagnostic d : diagnostics) {
      String level = d.isError() ? style.red("error") : style.yellow("warning");
      String field = d.field() == null || d.field().isEmpty() ? "" : style.bold(d.field()) + ": ";
      out.println(d.file() + ":" + d.position() + ": " + level + ": " + field + d.message());
    }
  }
}
