package com.zenith.functions.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * The journal's form of an event: structured JSON with the data always as {@code data_base64},
 * which any event has and which reads back whatever its content type says. A CloudEvents 1.0 record
 * is read straight into a builder; the SDK's JSON format reads the rest (older journals). Reading
 * back was most of the reader thread's time when it went through the SDK's format (the tree written
 * out as bytes, then parsed again).
 */
final class EventRecords {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final EventFormat JSON =
      EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

  private EventRecords() {}

  /** The journal form of {@code event}. */
  static ObjectNode toRecord(CloudEvent event) {
    ObjectNode n = MAPPER.createObjectNode();
    for (String name : event.getAttributeNames()) {
      put(n, name, event.getAttribute(name));
    }
    for (String name : event.getExtensionNames()) {
      put(n, name, event.getExtension(name));
    }
    if (event.getData() != null) {
      n.put("data_base64", Base64.getEncoder().encodeToString(event.getData().toBytes()));
    }
    return n;
  }

  private static void put(ObjectNode n, String name, Object v) {
    switch (v) {
      case null -> {}
      case Integer i -> n.put(name, i);
      case Boolean b -> n.put(name, b);
      case byte[] b -> n.put(name, Base64.getEncoder().encodeToString(b));
      case OffsetDateTime t -> n.put(name, t.toString());
      default -> n.put(name, v.toString());
    }
  }

  /** Reads the journal form (or the structured JSON of older journals). */
  static CloudEvent fromRecord(JsonNode record) throws EventCodec.InvalidEventException {
    try {
      if (record.isObject() && "1.0".equals(record.path("specversion").asText(null))) {
        CloudEvent direct = direct(record);
        if (direct != null) {
          return direct;
        }
      }
      return viaFormat(record);
    } catch (IOException | RuntimeException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage();
      int nl = m.indexOf('\n');
      throw new EventCodec.InvalidEventException(
          "not a readable event: " + (nl > 0 ? m.substring(0, nl) : m));
    }
  }

  /** The SDK's own reading of the record, as structured JSON. */
  static CloudEvent viaFormat(JsonNode record) throws IOException {
    byte[] bytes =
        record.isTextual()
            ? record.asText().getBytes(StandardCharsets.UTF_8)
            : MAPPER.writeValueAsBytes(record);
    return JSON.deserialize(bytes);
  }

  /** The builder's reading, or null when it cannot (the format then reads it, or says why not). */
  private static CloudEvent direct(JsonNode record) {
    try {
      return build(record);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** A 1.0 record as the builder takes it; null for what only the format reads (JSON data). */
  private static CloudEvent build(JsonNode record) {
    CloudEventBuilder b = CloudEventBuilder.v1();
    for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String name = f.getKey();
      JsonNode v = f.getValue();
      if (v.isNull()) {
        continue;
      }
      switch (name) {
        case "specversion" -> {}
        case "id" -> b.withId(v.asText());
        case "source" -> b.withSource(URI.create(v.asText()));
        case "type" -> b.withType(v.asText());
        case "datacontenttype" -> b.withDataContentType(v.asText());
        case "dataschema" -> b.withDataSchema(URI.create(v.asText()));
        case "subject" -> b.withSubject(v.asText());
        case "time" -> b.withTime(OffsetDateTime.parse(v.asText()));
        case "data_base64" -> b.withData(Base64.getDecoder().decode(v.asText()));
        case "data" -> {
          return null; // structured JSON of an older journal: its data may be any JSON
        }
        default -> {
          if (v.isInt()) {
            b.withExtension(name, v.intValue());
          } else if (v.isBoolean()) {
            b.withExtension(name, v.booleanValue());
          } else if (v.isTextual()) {
            b.withExtension(name, v.textValue());
          } else {
            return null; // not an extension type of the spec: the format says what it makes of it
          }
        }
      }
    }
    return b.build();
  }
}
