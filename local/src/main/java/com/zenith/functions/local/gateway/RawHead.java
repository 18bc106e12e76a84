package com.zenith.functions.local.gateway;

import io.netty.buffer.ByteBuf;

/**
 * An HTTP/1.x request or response head read in place from its bytes, for the gateway's raw path
 * ({@link RawFront}): where each header line lies, and the few facts forwarding needs. Strict: a
 * head with anything unusual (obs-fold, a bare LF, a duplicate Host or Content-Length, a character
 * a header may not hold) is {@link #INVALID}, and the caller leaves it to Netty's decoder. One per
 * connection, reused; nothing allocated.
 */
final class RawHead {
  static final int COMPLETE = 0;
  static final int INCOMPLETE = -1;
  static final int INVALID = -2;

  /**
   * Largest head taken: Netty's decoder's line and header limits together ({@link FrontServer}).
   */
  static final int MAX_HEAD = 4096 + 8192;

  private static final int MAX_LINES = 128;

  final ByteView view = new ByteView();
  private ByteBuf buf;
  int start;
  int end;

  /** Request: method, target. Response: the status code and the reason phrase. */
  int methodEnd;

  int targetStart;
  int targetEnd;
  int status;
  int reasonStart;
  int reasonEnd;
  boolean http11;

  int lines;
  final int[] lineStart = new int[MAX_LINES];
  final int[] nameEnd = new int[MAX_LINES];
  final int[] valueStart = new int[MAX_LINES];
  final int[] valueEnd = new int[MAX_LINES];

  long contentLength;
  int host;
  int traceparent;
  boolean chunked;
  boolean transferEncoding;
  boolean close;
  boolean keepAlive;
  boolean connectionNamesOthers;
  boolean expect;
  boolean upgrade;

  /** A hop-by-hop header other than Host and a Transfer-Encoding of exactly {@code chunked}. */
  boolean hopByHop;

  /** Reads a request head starting at {@code b}'s reader index. */
  int request(ByteBuf b) {
    int r = lines(b);
    if (r != COMPLETE) {
      return r;
    }
    int i = start;
    int line = lineEnd(start);
    while (i < line && b.getByte(i) >= 'A' && b.getByte(i) <= 'Z') {
      i++;
    }
    methodEnd = i;
    if (i == start || i - start > 16 || i >= line || b.getByte(i) != ' ') {
      return INVALID;
    }
    targetStart = ++i;
    while (i < line && b.getByte(i) > ' ' && b.getByte(i) < 0x7f) {
      i++;
    }
    targetEnd = i;
    if (targetEnd == targetStart || i != line - 9 || b.getByte(i) != ' ') {
      return INVALID;
    }
    return version(i + 1) ? COMPLETE : INVALID;
  }

  /** Reads a response head starting at {@code b}'s reader index. */
  int response(ByteBuf b) {
    int r = lines(b);
    if (r != COMPLETE) {
      return r;
    }
    int line = lineEnd(start);
    if (line - start < 12 || !version(start) || b.getByte(start + 8) != ' ') {
      return INVALID;
    }
    status = 0;
    for (int i = start + 9; i < start + 12; i++) {
      byte c = b.getByte(i);
      if (c < '0' || c > '9') {
        return INVALID;
      }
      status = status * 10 + (c - '0');
    }
    if (line > start + 12 && b.getByte(start + 12) != ' ') {
      return INVALID;
    }
    reasonStart = Math.min(start + 13, line);
    reasonEnd = line;
    for (int i = reasonStart; i < reasonEnd; i++) {
      byte c = b.getByte(i);
      if ((c >= 0 && c < ' ' && c != '\t') || c == 0x7f) {
        return INVALID;
      }
    }
    return status < 100 ? INVALID : COMPLETE;
  }

  /** The head's length in bytes, with its blank line. */
  int length() {
    return end - start;
  }

  /** Index of the CR that ends the line starting at {@code from}. */
  private int lineEnd(int from) {
    return buf.indexOf(from, end, (byte) '\r');
  }

  private boolean version(int at) {
    if (buf.getByte(at) != 'H'
        || buf.getByte(at + 1) != 'T'
        || buf.getByte(at + 2) != 'T'
        || buf.getByte(at + 3) != 'P'
        || buf.getByte(at + 4) != '/'
        || buf.getByte(at + 5) != '1'
        || buf.getByte(at + 6) != '.') {
      return false;
    }
    byte minor = buf.getByte(at + 7);
    http11 = minor == '1';
    return minor == '1' || minor == '0';
  }

  /** Finds the head's end and its header lines; the first line is left to the caller. */
  private int lines(ByteBuf b) {
    buf = b;
    start = b.readerIndex();
    int limit = b.writerIndex();
    view.buf = b;
    lines = 0;
    contentLength = -1;
    host = -1;
    traceparent = -1;
    chunked = transferEncoding = close = keepAlive = false;
    connectionNamesOthers = expect = upgrade = hopByHop = false;
    int i = start;
    boolean first = true;
    while (true) {
      int from = i;
      // A bare LF within a line is caught by the checks of its parts (no CTL in any of them).
      int cr = b.indexOf(i, Math.min(limit, start + MAX_HEAD), (byte) '\r');
      if (cr < 0) {
        return limit - start >= MAX_HEAD ? INVALID : INCOMPLETE;
      }
      if (cr + 1 >= limit) {
        return INCOMPLETE;
      }
      if (b.getByte(cr + 1) != '\n') {
        return INVALID;
      }
      i = cr + 2;
      if (first) {
        first = false;
        continue;
      }
      if (cr == from) {
        end = i;
        return COMPLETE;
      }
      if (lines == MAX_LINES || !header(from, cr)) {
        return INVALID;
      }
    }
  }

  /** One header line [from, cr): its name a token, its value without CTLs; notes what matters. */
  private boolean header(int from, int cr) {
    int i = from;
    while (i < cr && token(buf.getByte(i))) {
      i++;
    }
    if (i == from || i == cr || buf.getByte(i) != ':') {
      return false;
    }
    int nameLen = i - from;
    i++;
    while (i < cr && blank(buf.getByte(i))) {
      i++;
    }
    int vs = i;
    int ve = cr;
    while (ve > vs && blank(buf.getByte(ve - 1))) {
      ve--;
    }
    for (int k = vs; k < ve; k++) {
      byte c = buf.getByte(k);
      if ((c >= 0 && c < ' ' && c != '\t') || c == 0x7f) {
        return false;
      }
    }
    int n = lines++;
    lineStart[n] = from;
    nameEnd[n] = from + nameLen;
    valueStart[n] = vs;
    valueEnd[n] = ve;
    return note(n, from, nameLen);
  }

  private boolean note(int n, int from, int nameLen) {
    if (is(from, nameLen, "host")) {
      if (host >= 0) {
        return false;
      }
      host = n;
    } else if (is(from, nameLen, "content-length")) {
      if (contentLength >= 0) {
        return false;
      }
      contentLength = digits(valueStart[n], valueEnd[n]);
      return contentLength >= 0;
    } else if (is(from, nameLen, "transfer-encoding")) {
      transferEncoding = true;
      chunked = endsWithChunked(valueStart[n], valueEnd[n]);
      if (valueEnd[n] - valueStart[n] != 7 || !chunked) {
        hopByHop = true;
      }
    } else if (is(from, nameLen, "connection")) {
      hopByHop = true;
      connection(valueStart[n], valueEnd[n]);
    } else if (is(from, nameLen, "traceparent")) {
      traceparent = n;
    } else if (is(from, nameLen, "expect")) {
      expect = true;
    } else if (is(from, nameLen, "upgrade")) {
      upgrade = true;
      hopByHop = true;
    } else if (ForwardedHeaders.hopByHop(view.of(from, nameLen))) {
      hopByHop = true;
    }
    return true;
  }

  /** The Connection header's tokens: close, keep-alive, or others (which name headers to drop). */
  private void connection(int from, int to) {
    int i = from;
    while (i < to) {
      int comma = buf.indexOf(i, to, (byte) ',');
      int e = comma < 0 ? to : comma;
      int s = i;
      while (s < e && blank(buf.getByte(s))) {
        s++;
      }
      int t = e;
      while (t > s && blank(buf.getByte(t - 1))) {
        t--;
      }
      if (is(s, t - s, "close")) {
        close = true;
      } else if (is(s, t - s, "keep-alive")) {
        keepAlive = true;
      } else if (t > s) {
        connectionNamesOthers = true;
      }
      i = e + 1;
    }
  }

  private boolean endsWithChunked(int from, int to) {
    return to - from >= 7
        && is(to - 7, 7, "chunked")
        && (to - from == 7 || buf.getByte(to - 8) == ',' || blank(buf.getByte(to - 8)));
  }

  private long digits(int from, int to) {
    if (from == to || to - from > 18) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      byte c = buf.getByte(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** True when the header line {@code n}'s name is {@code lower}, ignoring case. */
  boolean nameIs(int n, String lower) {
    return is(lineStart[n], nameEnd[n] - lineStart[n], lower);
  }

  /** The header line {@code n}'s value, as a String (for the few values the gateway reads). */
  String value(int n) {
    return buf.toString(
        valueStart[n], valueEnd[n] - valueStart[n], java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private boolean is(int from, int len, String lower) {
    if (len != lower.length()) {
      return false;
    }
    for (int k = 0; k < len; k++) {
      int c = buf.getByte(from + k);
      if (c >= 'A' && c <= 'Z') {
        c += 32;
      }
      if (c != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean blank(byte c) {
    return c == ' ' || c == '\t';
  }

  private static boolean token(byte c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /** A header name's bytes as a CharSequence, for {@link ForwardedHeaders}; reused. */
  static final class ByteView implements CharSequence {
    ByteBuf buf;
    private int from;
    private int len;

    ByteView of(int from, int len) {
      this.from = from;
      this.len = len;
      return this;
    }

    @Override
    public int length() {
      return len;
    }

    @Override
    public char charAt(int index) {
      return (char) (buf.getByte(from + index) & 0xff);
    }

    @Override
    public CharSequence subSequence(int s, int e) {
      return toString().substring(s, e);
    }

    @Override
    public String toString() {
      return buf.toString(from, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }
}
