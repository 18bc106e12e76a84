package com.zenith.functions.local.process;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Where one function's log lines go: the console, prefixed with the function's name in its own
 * colour, and optionally a file of its own (size-rotated, {@link RotatingLog}).
 */
public final class LogSink implements AutoCloseable {
  private static final String[] COLOURS = {"36", "35", "34", "33", "32", "96", "95", "94"};

  private final String prefix;
  private final PrintStream console;
  private final RotatingLog file;
  private final Path path;

  /**
   * A sink for {@code name}, writing to {@code logFile} (none when null) and, prefixed, to {@code
   * console} (none when null).
   */
  public LogSink(
      String name, int index, int width, boolean colour, PrintStream console, Path logFile) {
    String padded = String.format("%-" + width + "s", name);
    this.prefix =
        colour
            ? "\u001b[" + COLOURS[index % COLOURS.length] + "m" + padded + " |\u001b[0m "
            : padded + " | ";
    this.console = console;
    this.path = logFile;
    if (logFile == null) {
      this.file = null;
      return;
    }
    try {
      this.file = new RotatingLog(logFile, RotatingLog.MAX_BYTES, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open log file " + logFile, e);
    }
  }

  /** The log file. */
  public Path path() {
    return path;
  }

  /** Writes one line. */
  public void line(String text) {
    if (console != null) {
      synchronized (console) {
        console.println(prefix + text);
      }
    }
    if (file == null) {
      return;
    }
    try {
      file.line(text);
    } catch (IOException e) {
      // the console still has the line; a full disk must not stop the function
    }
  }

  @Override
  public void close() {
    if (file == null) {
      return;
    }
    file.close();
  }
}
