package com.zenith.functions.api.validation;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The text of a manifest file: strict UTF-8 without control characters, or where it is not. */
final class ManifestText {

  private ManifestText() {}

  /** Decodes strict UTF-8 and refuses control characters, naming where the first bad byte is. */
  static String decode(byte[] bytes) throws NotTextException {
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

  /** True when the text has nothing but comments, blank lines and document markers. */
  static boolean onlyComments(String text) {
    return text.lines()
        .map(String::strip)
        .allMatch(l -> l.isEmpty() || l.startsWith("#") || l.equals("---") || l.equals("..."));
  }

  /** The bytes are not UTF-8 text; {@code position} is where the first bad byte is. */
  static final class NotTextException extends Exception {
    private static final long serialVersionUID = 1L;
    final transient SourcePosition position;

    NotTextException(String message, SourcePosition position) {
      super(message);
      this.position = position;
    }
  }
}
