package com.zenith.functions.sdk.events;

import com.zenith.functions.sdk.Json;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CloudEvents HTTP protocol binding (v1.0), both ways, on the CloudEvents SDK's {@code
 * cloudevents-http-basic} (as the local engine): binary mode ({@code ce-*} headers, data as the
 * body) and structured mode ({@code application/cloudevents+json}). The binding's percent-encoding
 * of {@code ce-} header values, which that module leaves to its caller, is done here.
 */
public final class CloudEventsHttp {
  /** The structured-mode JSON media type. */
  public static final String STRUCTURED_JSON = JsonFormat.CONTENT_TYPE;

  private static final JsonFormat FORMAT = new JsonFormat();

  private CloudEventsHttp() {}

  /**
   * An HTTP message: headers to send and the body.
   *
   * @param headers header names and values (Content-Type included when there is a body)
   * @param body the body, empty when the event has no data
   */
  public record Message(Map<String, String> headers, byte[] body) {}

  /** Binary mode: attributes and extensions as percent-encoded {@code ce-} headers. */
  public static Message toBinary(CloudEvent event) {
    var headers = new LinkedHashMap<String, String>();
    byte[][] body = {new byte[0]};
    HttpMessageFactory.createWriter(
            (name, value) -> {
              boolean ce = name.regionMatches(true, 0, "ce-", 0, 3);
              headers.put(
                  ce ? name.toLowerCase(Locale.ROOT) : "Content-Type", ce ? encode(value) : value);
            },
            bytes -> body[0] = bytes == null ? new byte[0] : bytes)
        .writeBinary(event);
    return new Message(headers, body[0]);
  }

  /** Structured mode: the whole event as {@code application/cloudevents+json}. */
  public static Message toStructured(CloudEvent event) {
    return new Message(Map.of("Content-Type", STRUCTURED_JSON), FORMAT.serialize(event));
  }

  /**
   * Reads an event in either mode, extensions included.
   *
   * @param headers every header (names in any case), e.g. {@code HttpExchange.getRequestHeaders()}
   * @param body the body
   * @throws IllegalArgumentException when the message is not a (valid) CloudEvent, or a batch
   */
  public static CloudEvent read(Map<String, ? extends List<String>> headers, byte[] body) {
    // The binding's reader matches lower-case names and leaves percent-encoding to us.
    var h = new LinkedHashMap<String, List<String>>();
    headers.forEach(
        (k, v) -> {
          if (k != null && v != null && !v.isEmpty()) {
            String name = k.toLowerCase(Locale.ROOT);
            h.put(name, name.startsWith("ce-") ? List.of(decode(v.get(0))) : List.of(v.get(0)));
          }
        });
    String contentType = h.containsKey("content-type") ? h.get("content-type").get(0) : null;
    String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).trim();
    if (ct.startsWith("application/cloudevents-batch")) {
      throw new IllegalArgumentException("batched CloudEvents are not supported");
    }
    boolean structured = ct.startsWith("application/cloudevents");
    if (structured && !ct.startsWith(STRUCTURED_JSON)) {
      throw new IllegalArgumentException("unsupported CloudEvents format: " + contentType);
    }
    if (!structured && !h.containsKey("ce-specversion")) {
      throw new IllegalArgumentException(
          "not a CloudEvent: no ce-specversion header and Content-Type is not " + STRUCTURED_JSON);
    }
    if (!structured) {
      for (String required : new String[] {"ce-id", "ce-source", "ce-type"}) {
        if (!h.containsKey(required) || h.get(required).get(0).isBlank()) {
          throw new IllegalArgumentException(
              "binary CloudEvent needs ce-id, ce-source and ce-type");
        }
      }
    }
    try {
      return HttpMessageFactory.createReaderFromMultimap(h, body == null ? new byte[0] : body)
          .toEvent();
    } catch (RuntimeException e) { // the SDK reports bad input with several exception types
      String mode = structured ? "structured" : "binary";
      throw new IllegalArgumentException(
          "invalid " + mode + " CloudEvent: " + (e.getMessage() == null ? e : e.getMessage()), e);
    }
  }

  /** The event's data read as JSON into {@code type}; null when the event has no data. */
  public static <T> T data(CloudEvent event, Class<T> type) throws IOException {
    if (event.getData() == null) {
      return null;
    }
    return Json.read(event.getData().toBytes(), type);
  }

  /** Percent-encodes space, {@code "}, {@code %} and anything outside printable ASCII. */
  static String encode(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    var out = new StringBuilder(bytes.length);
    for (byte raw : bytes) {
      int c = raw & 0xff;
      if (c <= 0x20 || c >= 0x7f || c == '"' || c == '%') {
        out.append('%').append(String.format("%02X", c));
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }

  /** Reverses {@link #encode}; malformed escapes are kept as they are. */
  static String decode(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    var out = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%' && isHex(value, i + 1) && isHex(value, i + 2)) {
        out.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(String s, int i) {
    return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
  }
}
