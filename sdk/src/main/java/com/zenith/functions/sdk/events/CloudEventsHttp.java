package com.zenith.functions.sdk.events;

import com.zenith.functions.sdk.Json;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CloudEvents HTTP protocol binding (v1.0): binary mode ({@code ce-*} headers, data as the
 * body) and structured mode ({@code application/cloudevents+json}), both ways.
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
    for (String name : event.getAttributeNames()) {
      Object value = event.getAttribute(name);
      if (value == null) {
        continue;
      }
      if (name.equals("datacontenttype")) {
        headers.put("Content-Type", value.toString());
      } else {
        headers.put("ce-" + name, encode(format(value)));
      }
    }
    for (String name : event.getExtensionNames()) {
      Object value = event.getExtension(name);
      if (value != null) {
        headers.put("ce-" + name, encode(format(value)));
      }
    }
    byte[] body = event.getData() == null ? new byte[0] : event.getData().toBytes();
    return new Message(headers, body);
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
    var h = new LinkedHashMap<String, String>();
    headers.forEach(
        (k, v) -> {
          if (k != null && v != null && !v.isEmpty()) {
            h.put(k.toLowerCase(Locale.ROOT), v.get(0));
          }
        });
    String contentType = h.get("content-type");
    String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).trim();
    if (ct.startsWith("application/cloudevents-batch")) {
      throw new IllegalArgumentException("batched CloudEvents are not supported");
    }
    if (ct.startsWith("application/cloudevents")) {
      if (!ct.startsWith(STRUCTURED_JSON)) {
        throw new IllegalArgumentException("unsupported CloudEvents format: " + contentType);
      }
      try {
        return FORMAT.deserialize(body);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("invalid structured CloudEvent: " + e.getMessage(), e);
      }
    }
    if (!h.containsKey("ce-specversion")) {
      throw new IllegalArgumentException(
          "not a CloudEvent: no ce-specversion header and Content-Type is not " + STRUCTURED_JSON);
    }
    return readBinary(h, contentType, body);
  }

  private static CloudEvent readBinary(Map<String, String> h, String contentType, byte[] body) {
    try {
      CloudEventBuilder b =
          CloudEventBuilder.fromSpecVersion(SpecVersion.parse(decode(h.get("ce-specversion"))));
      String id = attr(h, "id");
      String source = attr(h, "source");
      String type = attr(h, "type");
      if (id == null || source == null || type == null) {
        throw new IllegalArgumentException("binary CloudEvent needs ce-id, ce-source and ce-type");
      }
      b.withId(id).withSource(URI.create(source)).withType(type);
      String subject = attr(h, "subject");
      if (subject != null) {
        b.withSubject(subject);
      }
      String time = attr(h, "time");
      if (time != null) {
        b.withTime(OffsetDateTime.parse(time));
      }
      String schema = attr(h, "dataschema");
      if (schema != null) {
        b.withDataSchema(URI.create(schema));
      }
      if (body != null && body.length > 0) {
        b.withData(contentType, body);
      } else if (contentType != null) {
        b.withDataContentType(contentType);
      }
      h.forEach(
          (k, v) -> {
            String name = k.startsWith("ce-") ? k.substring(3) : "";
            if (name.matches("[a-z0-9]{1,20}") && !isAttribute(name)) {
              b.withExtension(name, decode(v));
            }
          });
      return b.build();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("invalid ce-time: " + e.getParsedString(), e);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("invalid binary CloudEvent: " + e.getMessage(), e);
    }
  }

  /** The event's data read as JSON into {@code type}; null when the event has no data. */
  public static <T> T data(CloudEvent event, Class<T> type) throws IOException {
    if (event.getData() == null) {
      return null;
    }
    return Json.read(event.getData().toBytes(), type);
  }

  private static boolean isAttribute(String name) {
    return switch (name) {
      case "specversion",
          "id",
          "source",
          "type",
          "subject",
          "time",
          "dataschema",
          "datacontenttype" ->
          true;
      default -> false;
    };
  }

  private static String attr(Map<String, String> h, String name) {
    String v = h.get("ce-" + name);
    return v == null ? null : decode(v);
  }

  private static String format(Object value) {
    return value instanceof OffsetDateTime t ? t.toString() : value.toString();
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
