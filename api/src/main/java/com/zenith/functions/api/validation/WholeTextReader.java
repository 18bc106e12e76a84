package com.zenith.functions.api.validation;

import java.io.StringReader;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

/**
 * SnakeYAML's reader over text already in memory. SnakeYAML's own reader copies its whole window
 * each time it reads 1024 more characters, and a scalar is scanned without moving the window, so
 * one long value (a 14.5 MB one-line file) cost time quadratic in its length; this one indexes the
 * decoded code points directly, in linear time, with the same line, column and mark rules.
 */
final class WholeTextReader extends StreamReader {
  private final int[] points;
  private final String name;
  private int pointer;
  private int line;
  private int column;
  private boolean checked;

  WholeTextReader(String text, String name) {
    super(new StringReader(""));
    int[] cps = new int[text.length()];
    int n = 0;
    for (int i = 0; i < text.length(); n++) {
      int cp = text.codePointAt(i);
      cps[n] = cp;
      i += Character.charCount(cp);
    }
    this.points = n == cps.length ? cps : java.util.Arrays.copyOf(cps, n);
    this.name = name;
  }

  /** Refuses what YAML does not allow, as SnakeYAML does when it first reads (once, up front). */
  private void checkPrintable() {
    if (checked) {
      return;
    }
    checked = true;
    for (int i = 0; i < points.length; i++) {
      if (!isPrintable(points[i])) {
        throw new ReaderException(name, i, points[i], "special characters are not allowed");
      }
    }
  }

  @Override
  public Mark getMark() {
    return new Mark(name, pointer, line, column, points, pointer);
  }

  @Override
  public void forward() {
    forward(1);
  }

  @Override
  public void forward(int length) {
    checkPrintable();
    for (int i = 0; i < length && pointer < points.length; i++) {
      int c = points[pointer++];
      if (Constant.LINEBR.has(c)
          || (c == '\r' && (pointer >= points.length || points[pointer] != '\n'))) {
        line++;
        column = 0;
      } else if (c != 0xFEFF) {
        column++;
      }
    }
  }

  @Override
  public int peek() {
    checkPrintable();
    return pointer < points.length ? points[pointer] : 0;
  }

  @Override
  public int peek(int index) {
    checkPrintable();
    int i = pointer + index;
    return i < points.length ? points[i] : 0;
  }

  @Override
  public String prefix(int length) {
    checkPrintable();
    int end = Math.min(points.length, pointer + length);
    return length <= 0 ? "" : new String(points, pointer, end - pointer);
  }

  @Override
  public String prefixForward(int length) {
    String s = prefix(length);
    int taken = Math.max(0, Math.min(points.length, pointer + length) - pointer);
    pointer += taken;
    column += taken;
    return s;
  }

  @Override
  public int getColumn() {
    return column;
  }

  @Override
  public int getIndex() {
    return pointer;
  }

  @Override
  public int getLine() {
    return line;
  }
}
