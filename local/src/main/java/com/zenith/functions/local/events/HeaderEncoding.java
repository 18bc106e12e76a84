package com.zenith.functions.local.events;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The CloudEvents HTTP binding's encoding of attribute values in {@code ce-} headers (section
 * 3.1.3.2): space, double-quote, percent and everything outside printable ASCII is sent as
 * percent-encoded UTF-8; a receiver removes RFC 7230 double quotes, percent-decodes once and
 * refuses byte sequences that are not UTF-8. Pure.
 */
public final class HeaderEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private HeaderEncoding() {}

  /** A header value that cannot be decoded; the message says why. */
  public static final class InvalidHeaderException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidHeaderException(String message) {
      super(message);
    }
  }

  /** The header form of an attribute value. */
  public static String encode(String value) {
    StringBuilder sb = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean plain = c >= 0x21 && c <= 0x7E && c != '"' && c != '%';
      if (plain) {
        if (sb != null) {
          sb.append(c);
        }
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(value.length() + 16).append(value, 0, i);
      }
      int cp = value.codePointAt(i);
      int len = Character.charCount(cp);
      for (byte b : value.substring(i, i + len).getBytes(StandardCharsets.UTF_8)) {
        sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
      i += len - 1;
    }
    return sb == null ? value : sb.toString();
  }

  private static boolean isAscii(String v) {
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * The attribute value of a received header. Besides the binding's form, unencoded non-ASCII is
   * accepted as some clients send it: UTF-8 bytes (which an HTTP server reads one byte per
   * character) when they are UTF-8, else ISO-8859-1, what Node's http sends for such characters.
   */
  public static String decode(String header) throws InvalidHeaderException {
    String v = unquote(header);
    boolean percent = v.indexOf('%') >= 0;
    if (!percent && isAscii(v)) {
      return v;
    }
    byte[] bytes = new byte[v.length()];
    int n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '%') {
        int high = hex(v, i + 1);
        int low = hex(v, i + 2);
        if (high < 0 || low < 0) {
          throw new InvalidHeaderException(
              "a % not followed by two hexadecimal digits; encode % itself as %25");
        }
        bytes[n++] = (byte) (high << 4 | low);
        i += 2;
      } else if (c > 0xFF) {
        return v; // already decoded text (not from the wire): nothing to do
      } else {
        bytes[n++] = (byte) c;
      }
    }
    String utf8 = utf8(bytes, n);
    if (utf8 != null) {
      return utf8;
    }
    if (!percent) {
      return v; // ISO-8859-1
    }
    throw new InvalidHeaderException("percent-encoded bytes that are not UTF-8");
  }

  private static String utf8(byte[] bytes, int n) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, n))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static int hex(String s, int i) {
    return i < s.length() ? Character.digit(s.charAt(i), 16) : -1;
  }

  /** RFC 7230 section 3.2.6: a double-quoted string with backslash escapes. */
  private static String unquote(String v) {
    String s = v.strip();
    if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 1; i < s.length() - 1; i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() - 1) {
        c = s.charAt(++i);
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
