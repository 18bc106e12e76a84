package com.zenith.functions.local.traces;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes OTLP trace export requests, protobuf or JSON, into {@link SpanRecord}s with the
 * OpenTelemetry project's generated message classes. OTLP's JSON differs from protobuf's canonical
 * JSON in one way that matters here: trace and span ids are hex, not base64, so they are rewritten
 * before {@link JsonFormat} parses the document.
 */
public final class OtlpSpans {
  private static final HexFormat HEX = HexFormat.of();
  private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId");
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private OtlpSpans() {}

  /** A body that is not an OTLP export request; the message says why. */
  public static final class BadRequest extends Exception {
    BadRequest(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Decodes {@code application/x-protobuf}. */
  public static List<SpanRecord> fromProtobuf(byte[] body) throws BadRequest {
    try {
      return records(ExportTraceServiceRequest.parseFrom(body));
    } catch (InvalidProtocolBufferException e) {
      throw new BadRequest("not an OTLP ExportTraceServiceRequest: " + e.getMessage(), e);
    }
  }

  /** Decodes {@code application/json} (OTLP/JSON, hex ids). */
  public static List<SpanRecord> fromJson(byte[] body) throws BadRequest {
    try {
      var tree = JSON.readTree(body);
      if (tree == null || !tree.isObject()) {
        throw new BadRequest("not an OTLP JSON export request: expected an object", null);
      }
      hexIdsToBase64(tree);
      ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
      JsonFormat.parser().ignoringUnknownFields().merge(JSON.writeValueAsString(tree), b);
      return records(b.build());
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new BadRequest("not an OTLP JSON export request: " + e.getMessage(), e);
    }
  }

  private static void hexIdsToBase64(com.fasterxml.jackson.databind.JsonNode node) {
    if (node.isObject()) {
      var obj = (com.fasterxml.jackson.databind.node.ObjectNode) node;
      for (var it = obj.properties().iterator(); it.hasNext(); ) {
        var e = it.next();
        if (ID_FIELDS.contains(e.getKey()) && e.getValue().isTextual()) {
          String hex = e.getValue().asText();
          e.setValue(
              obj.textNode(hex.isEmpty() ? "" : Base64.getEncoder().encodeToString(parseHex(hex))));
        } else {
          hexIdsToBase64(e.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(OtlpSpans::hexIdsToBase64);
    }
  }

  private static byte[] parseHex(String hex) {
    try {
      return HEX.parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("an id is not hex: " + hex, e);
    }
  }

  static List<SpanRecord> records(ExportTraceServiceRequest req) {
    List<SpanRecord> out = new ArrayList<>();
    for (ResourceSpans rs : req.getResourceSpansList()) {
      String service = "unknown_service";
      for (KeyValue kv : rs.getResource().getAttributesList()) {
        if (kv.getKey().equals("service.name")) {
          service = text(kv.getValue());
        }
      }
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          out.add(record(service, s));
        }
      }
    }
    return out;
  }

  private static SpanRecord record(String service, Span s) {
    Map<String, String> attrs = new LinkedHashMap<>();
    for (KeyValue kv : s.getAttributesList()) {
      attrs.put(kv.getKey(), text(kv.getValue()));
    }
    long start = s.getStartTimeUnixNano();
    long end = Math.max(start, s.getEndTimeUnixNano());
    return new SpanRecord(
        hex(s.getTraceId()),
        hex(s.getSpanId()),
        s.getParentSpanId().isEmpty() ? null : hex(s.getParentSpanId()),
        service,
        s.getName(),
        s.getKind().name().replace("SPAN_KIND_", ""),
        start,
        end - start,
        status(s.getStatus()),
        s.getStatus().getMessage().isEmpty() ? null : s.getStatus().getMessage(),
        attrs,
        "otlp");
  }

  private static String status(Status st) {
    return switch (st.getCode()) {
      case STATUS_CODE_OK -> "OK";
      case STATUS_CODE_ERROR -> "ERROR";
      default -> "UNSET";
    };
  }

  private static String hex(ByteString b) {
    return HEX.formatHex(b.toByteArray());
  }

  private static String text(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
      case ARRAY_VALUE ->
          v.getArrayValue().getValuesList().stream().map(OtlpSpans::text).toList().toString();
      case KVLIST_VALUE ->
          v.getKvlistValue().getValuesList().stream()
              .map(kv -> kv.getKey() + "=" + text(kv.getValue()))
              .toList()
              .toString();
      default -> "";
    };
  }
}
