package com.zenith.functions.local.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes CloudEvents over HTTP with the CloudEvents Java SDK (binary, structured and
 * batched mode, {@code ce-} header values percent-encoded as the HTTP binding says), refuses JSON
 * events whose data is not JSON, and turns what it rejects into a message that names the problem.
 * The journal form keeps the data as base64, so that no event can make a journal unreadable.
 */
public final class EventCodec {
  private static final EventFormat JSON =
      EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory JSON_FACTORY = MAPPER.getFactory();

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
    for (var e : headers.entrySet()) {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      List<String> values = e.getValue();
      if (k.startsWith("ce-")) {
        List<String> decoded = new ArrayList<>(values.size());
        for (String v : values) {
          try {
            decoded.add(HeaderEncoding.decode(v));
          } catch (HeaderEncoding.InvalidHeaderException ex) {
            throw new InvalidEventException("header " + k + ": " + ex.getMessage());
          }
        }
        values = decoded;
      }
      lower.put(k, values);
    }
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
    CloudEvent event;
    try {
      event =
          HttpMessageFactory.createReaderFromMultimap(lower, body == null ? new byte[0] : body)
              .toEvent();
    } catch (RuntimeException e) { // the SDK reports bad input with several exception types
      throw invalid(e);
    }
    checkData(event);
    return event;
  }

  /** Parses a batched-mode body: a JSON array of structured events. */
  public static List<CloudEvent> readBatch(byte[] body, EventLimits limits)
      throws InvalidEventException {
    JsonNode array;
    try {
      array = MAPPER.readTree(body);
    } catch (IOException e) {
      throw new InvalidEventException("a batch must be a JSON array of events: " + brief(e));
    }
    if (array == null || !array.isArray()) {
      throw new InvalidEventException("a batch must be a JSON array of events");
    }
    if (array.size() > limits.maxBatchEvents()) {
      throw new InvalidEventException(
          "a batch holds at most " + limits.maxBatchEvents() + " events, got " + array.size());
    }
    List<CloudEvent> events = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      byte[] one = array.get(i).toString().getBytes(StandardCharsets.UTF_8);
      if (one.length > limits.maxEventBytes()) {
        throw new InvalidEventException(
            "event "
                + i
                + " of the batch is "
                + one.length
                + " bytes; the limit for one event is "
                + limits.maxEventBytes());
      }
      try {
        CloudEvent e = JSON.deserialize(one);
        checkData(e);
        events.add(e);
      } catch (RuntimeException e) {
        throw new InvalidEventException("event " + i + " of the batch: " + invalid(e).getMessage());
      } catch (InvalidEventException e) {
        throw new InvalidEventException("event " + i + " of the batch: " + e.getMessage());
      }
    }
    return events;
  }

  /** A JSON data content type must come with data that is JSON (one value, nothing after it). */
  static void checkData(CloudEvent event) throws InvalidEventException {
    String type = event.getDataContentType();
    if (type != null) {
      for (int i = 0; i < type.length(); i++) {
        char c = type.charAt(i);
        if ((c < 0x20 && c != '\t') || c >= 0x7f) {
          // It becomes the Content-Type header of every delivery: it must be one.
          throw new InvalidEventException(
              "datacontenttype must be a media type in ASCII, without control characters; it has"
                  + String.format(" U+%04X at index %d", (int) c, i));
        }
      }
    }
    CloudEventData data = event.getData();
    if (data == null || !isJson(event.getDataContentType())) {
      return;
    }
    byte[] bytes = data.toBytes();
    if (bytes.length == 0) {
      return;
    }
    try (JsonParser p = JSON_FACTORY.createParser(bytes)) {
      p.nextToken();
      p.skipChildren();
      if (p.nextToken() != null) {
        throw new InvalidEventException(
            "data is not valid JSON (datacontenttype "
                + event.getDataContentType()
                + "): more than one value");
      }
    } catch (IOException e) {
      throw new InvalidEventException(
          "data is not valid JSON (datacontenttype "
              + event.getDataContentType()
              + "): "
              + brief(e)
              + "; send valid JSON or another content type");
    }
  }

  /** application/json, text/json and any {@code +json} type, as the JSON format defines them. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String t = contentType.toLowerCase(Locale.ROOT);
    int semi = t.indexOf(';');
    t = (semi >= 0 ? t.substring(0, semi) : t).strip();
    return t.equals("application/json") || t.equals("text/json") || t.endsWith("+json");
  }

  private static String brief(IOException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    int nl = m.indexOf('\n');
    m = nl > 0 ? m.substring(0, nl) : m;
    return m.length() > 160 ? m.substring(0, 157) + "..." : m;
  }

  private static InvalidEventException invalid(RuntimeException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    String missing = missingAttribute(m);
    return new InvalidEventException(
        missing != null ? "missing required attribute " + missing : "invalid CloudEvent: " + m);
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
    HttpMessageFactory.createWriter(
            (k, v) -> headers.put(k, k.startsWith("ce-") ? HeaderEncoding.encode(v) : v),
            b -> body[0] = b == null ? new byte[0] : b)
        .writeBinary(event);
    return new Binary(headers, body[0]);
  }

  /** Structured JSON, for the dead-letter listing; data that is not JSON is shown as base64. */
  public static byte[] toJson(CloudEvent event) {
    try {
      return JSON.serialize(event);
    } catch (RuntimeException e) {
      return EventRecords.toRecord(event).toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Reads structured JSON. */
  public static CloudEvent fromJson(byte[] json) {
    return JSON.deserialize(json);
  }
}
