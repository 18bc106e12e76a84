package com.zenith.functions.local.traces;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context {@code traceparent} (version 00): trace id, parent span id and flags. Pure
 * parsing and formatting; ids of all zeros and version ff are invalid, as the specification says.
 *
 * @param traceId 32 lowercase hex digits
 * @param parentId 16 lowercase hex digits
 * @param flags 2 hex digits; bit 0 is "sampled"
 */
public record TraceParent(String traceId, String parentId, String flags) {
  private static final Pattern FORMAT =
      Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
  private static final HexFormat HEX = HexFormat.of();

  /** Parses a header value; null when absent or invalid (a proxy then starts a new trace). */
  public static TraceParent parse(String header) {
    if (header == null) {
      return null;
    }
    var m = FORMAT.matcher(header.strip());
    if (!m.matches()
        || m.group(1).equals("ff")
        || (m.group(1).equals("00") && m.group(5) != null)
        || m.group(2).equals("0".repeat(32))
        || m.group(3).equals("0".repeat(16))) {
      return null;
    }
    return new TraceParent(m.group(2), m.group(3), m.group(4));
  }

  /**
   * The header of a new trace that is not sampled ({@code 00-<trace>-<span>-00}), built in one go:
   * what the gateway sends on for each request past its sampling rate.
   */
  public static String newUnsampledHeader() {
    char[] c = new char[55];
    c[0] = '0';
    c[1] = '0';
    c[2] = '-';
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long hi;
    long lo;
    long span;
    do {
      hi = r.nextLong();
      lo = r.nextLong();
    } while (hi == 0 && lo == 0);
    do {
      span = r.nextLong();
    } while (span == 0);
    hex(hi, c, 3);
    hex(lo, c, 19);
    c[35] = '-';
    hex(span, c, 36);
    c[52] = '-';
    c[53] = '0';
    c[54] = '0';
    return new String(c);
  }

  private static void hex(long v, char[] into, int at) {
    for (int i = 15; i >= 0; i--) {
      into[at + i] = Character.forDigit((int) (v & 0xf), 16);
      v >>>= 4;
    }
  }

  /** A new random trace id. */
  public static String newTraceId() {
    return randomHex(16);
  }

  /** A new random span id. */
  public static String newSpanId() {
    return randomHex(8);
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    do {
      ThreadLocalRandom.current().nextBytes(b);
    } while (allZero(b));
    return HEX.formatHex(b);
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  /** True when the caller sampled the trace. */
  public boolean sampled() {
    return (HEX.fromHexDigits(flags) & 1) == 1;
  }

  /** The header value. */
  public String header() {
    return "00-" + traceId + "-" + parentId + "-" + flags;
  }
}
