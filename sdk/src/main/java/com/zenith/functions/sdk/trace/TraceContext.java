package com.zenith.functions.sdk.trace;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * W3C Trace Context ({@code traceparent}, {@code tracestate}) and W3C {@code baggage} of the
 * request being handled. The function host makes the incoming request's context current while a
 * handler runs; every outgoing call, fire-and-forget send and published event carries it.
 *
 * <p>Outside the host, make a context current yourself: {@code try (var s =
 * TraceContext.fromHeaders(headers::get).makeCurrent()) { ... }}.
 *
 * @param traceparent the {@code traceparent} header, never null
 * @param tracestate the {@code tracestate} header, or null
 * @param baggage the {@code baggage} header, or null
 */
public record TraceContext(String traceparent, String tracestate, String baggage) {
  private static final Pattern TRACEPARENT =
      Pattern.compile("^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$");
  private static final int MAX_HEADER = 8192;
  private static final ThreadLocal<TraceContext> CURRENT = new ThreadLocal<>();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Checks the traceparent. */
  public TraceContext {
    if (traceparent == null || !isValid(traceparent)) {
      throw new IllegalArgumentException("not a W3C traceparent: " + traceparent);
    }
  }

  /** The context of the request this thread is handling, or null. */
  public static TraceContext current() {
    return CURRENT.get();
  }

  /**
   * The context in the given headers, or null when they carry no valid {@code traceparent}.
   *
   * @param header looks up one header by lower-case name; returns null when absent
   */
  public static TraceContext extract(Function<String, String> header) {
    String parent = header.apply("traceparent");
    if (parent == null || !isValid(parent.trim())) {
      return null;
    }
    return new TraceContext(
        parent.trim(), limit(header.apply("tracestate")), limit(header.apply("baggage")));
  }

  /**
   * The context in the given headers, or a new root context (a new trace id, not sampled) when they
   * carry no valid {@code traceparent}.
   *
   * @param header looks up one header by lower-case name; returns null when absent
   */
  public static TraceContext fromHeaders(Function<String, String> header) {
    TraceContext found = extract(header);
    return found != null ? found : newRoot(header.apply("baggage"));
  }

  /** A new trace with a random trace id and parent id, flags {@code 00}, and the given baggage. */
  public static TraceContext newRoot(String baggage) {
    byte[] traceId = new byte[16];
    byte[] spanId = new byte[8];
    RANDOM.nextBytes(traceId);
    RANDOM.nextBytes(spanId);
    traceId[0] |= 1; // never all zeros
    spanId[0] |= 1;
    HexFormat hex = HexFormat.of();
    return new TraceContext(
        "00-" + hex.formatHex(traceId) + "-" + hex.formatHex(spanId) + "-00", null, limit(baggage));
  }

  /** True when {@code value} is a W3C traceparent this SDK will propagate. */
  public static boolean isValid(String value) {
    var m = TRACEPARENT.matcher(value);
    if (!m.matches()) {
      return false;
    }
    String version = m.group(1);
    if (version.equals("ff") || (version.equals("00") && m.group(5) != null)) {
      return false;
    }
    return !m.group(2).equals("0".repeat(32)) && !m.group(3).equals("0".repeat(16));
  }

  /** The 16-hex-digit id of the span this context names as parent. */
  public String spanId() {
    return traceparent.substring(36, 52);
  }

  /** True when the sampled flag is set. */
  public boolean sampled() {
    return (HexFormat.fromHexDigits(traceparent, 53, 55) & 1) == 1;
  }

  /** The 32-hex-digit trace id, handy in log lines. */
  public String traceId() {
    return traceparent.substring(3, 35);
  }

  /** Writes the non-null headers ({@code traceparent}, {@code tracestate}, {@code baggage}). */
  public void writeTo(BiConsumer<String, String> header) {
    header.accept("traceparent", traceparent);
    if (tracestate != null) {
      header.accept("tracestate", tracestate);
    }
    if (baggage != null) {
      header.accept("baggage", baggage);
    }
  }

  /**
   * Makes this context current on this thread until the returned scope is closed, which restores
   * the previous one.
   */
  public Scope makeCurrent() {
    TraceContext previous = CURRENT.get();
    CURRENT.set(this);
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  private static String limit(String header) {
    if (header == null || header.isBlank() || header.length() > MAX_HEADER) {
      return null;
    }
    return header.trim();
  }

  /** Restores the previous context when closed. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
