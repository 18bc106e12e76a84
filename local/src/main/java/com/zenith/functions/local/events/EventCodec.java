package com.zenith.functions.local.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes CloudEvents over HTTP with the CloudEvents Java SDK (binary and structured
 * mode), and turns what it rejects into a message that names the problem.
 */
public final class EventCodec {
  private static final EventFormat JSON =
      EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

  private EventCodec() {}

  /** A request that is not a valid CloudEvent; the message says why. */
  public static final class InvalidEventException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidEventException(String message) {
      super(message);
    }
  }

  /** Parses a binary- or structured-mode HTTP message. */
  public static CloudEvent read(Map<String, List<String>> headers, byte[] body)
      throws InvalidEventException {
    Map<String, List<String>> lower = new LinkedHashMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    boolean binary = lower.containsKey("ce-specversion");
    String contentType = lower.containsKey("content-type") ? lower.get("content-type").get(0) : "";
    boolean structured = contentType.toLowerCase(Locale.ROOT).startsWith("application/cloudevents");
    if (!binary && !structured) {
      throw new InvalidEventException(
          "not a CloudEvent: send binary mode (ce-specversion, ce-id, ce-source, ce-type headers) or"
              + " structured mode (Content-Type: application/cloudevents+json)");
    }
    if (binary) {
      for (String required : new String[] {"ce-id", "ce-source", "ce-type"}) {
        if (!lower.containsKey(required) || lower.get(required).get(0).isBlank()) {
          throw new InvalidEventException(
              "missing required attribute " + required.substring(3) + " (header " + required + ")");
        }
      }
    }
    try {
      return HttpMessageFactory.createReaderFromMultimap(lower, body == null ? new byte[0] : body)
          .toEvent();
    } catch (RuntimeException e) { // the SDK reports bad input with several exception types
      String m = e.getMessage() == null ? e.toString() : e.getMessage();
      String missing = missingAttribute(m);
      throw new InvalidEventException(
          missing != null ? "missing required attribute " + missing : "invalid CloudEvent: " + m);
    }
  }

  private static String missingAttribute(String message) {
    for (String attr : new String[] {"specversion", "id", "source", "type"}) {
      if (message.contains("'" + attr + "'") || message.contains(" " + attr + " ")) {
        return attr;
      }
    }
    return null;
  }

  /** The binary-mode headers and body of an event. */
  public record Binary(Map<String, String> headers, byte[] body) {}

  /** Encodes an event in binary mode, as a Knative broker delivers it. */
  public static Binary toBinary(CloudEvent event) {
    Map<String, String> headers = new LinkedHashMap<>();
    byte[][] body = {new byte[0]};
    HttpMessageFactory.createWriter(headers::put, b -> body[0] = b == null ? new byte[0] : b)
        .writeBinary(event);
    return new Binary(headers, body[0]);
  }

  /** Structured JSON, for the journal and the dead-letter listing. */
  public static byte[] toJson(CloudEvent event) {
    return JSON.serialize(event);
  }

  /** Reads structured JSON. */
  public static CloudEvent fromJson(byte[] json) {
    return JSON.deserialize(json);
  }
}
