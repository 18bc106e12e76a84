package com.zenith.functions.local.kube;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads the protobuf bodies kubectl sends for the core types it creates with typed clients ({@code
 * kubectl create secret|configmap|namespace}): the {@code k8s\0} envelope (runtime.Unknown) and the
 * Secret, ConfigMap and Namespace messages with their ObjectMeta, turned into the JSON form.
 * Answers are always JSON, which kubectl accepts.
 */
final class ProtobufBody {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private ProtobufBody() {}

  /** The object of a protobuf request body. */
  static ObjectNode decode(byte[] body) {
    if (body.length < 4 || !Arrays.equals(Arrays.copyOf(body, 4), MAGIC)) {
      throw new Replies.BadRequest("a protobuf body must start with the k8s envelope");
    }
    Reader envelope = new Reader(body, 4, body.length);
    String apiVersion = "";
    String kind = "";
    byte[] raw = new byte[0];
    while (envelope.more()) {
      int tag = envelope.tag();
      switch (tag >>> 3) {
        case 1 -> {
          Reader tm = envelope.message();
          while (tm.more()) {
            int t = tm.tag();
            switch (t >>> 3) {
              case 1 -> apiVersion = tm.string();
              case 2 -> kind = tm.string();
              default -> tm.skip(t);
            }
          }
        }
        case 2 -> raw = envelope.bytes();
        default -> envelope.skip(tag);
      }
    }
    if (!apiVersion.equals("v1")) {
      throw unsupported(apiVersion, kind);
    }
    ObjectNode o = F.objectNode().put("apiVersion", apiVersion).put("kind", kind);
    Reader r = new Reader(raw, 0, raw.length);
    while (r.more()) {
      int tag = r.tag();
      int field = tag >>> 3;
      switch (kind + ":" + field) {
        case "Secret:1", "ConfigMap:1", "Namespace:1" -> o.set("metadata", meta(r.message()));
        case "Secret:2" -> entry(r.message(), data(o, "data"), true);
        case "Secret:3" -> putNonEmpty(o, "type", r.string());
        case "Secret:4" -> entry(r.message(), data(o, "stringData"), false);
        case "Secret:5", "ConfigMap:4" -> o.put("immutable", r.varint() != 0);
        case "ConfigMap:2" -> entry(r.message(), data(o, "data"), false);
        case "ConfigMap:3" -> entry(r.message(), data(o, "binaryData"), true);
        case "Namespace:2" -> {
          Reader spec = r.message();
          var finalizers =
              (o.has("spec") ? (ObjectNode) o.get("spec") : o.putObject("spec"))
                  .putArray("finalizers");
          while (spec.more()) {
            int t = spec.tag();
            if (t >>> 3 == 1) {
              finalizers.add(spec.string());
            } else {
              spec.skip(t);
            }
          }
        }
        case "Secret:0", "ConfigMap:0", "Namespace:0" ->
            throw new Replies.BadRequest("bad protobuf");
        default -> {
          if (!kind.equals("Secret") && !kind.equals("ConfigMap") && !kind.equals("Namespace")) {
            throw unsupported(apiVersion, kind);
          }
          r.skip(tag);
        }
      }
    }
    return o;
  }

  private static ObjectNode meta(Reader r) {
    ObjectNode m = F.objectNode();
    while (r.more()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 1 -> putNonEmpty(m, "name", r.string());
        case 2 -> putNonEmpty(m, "generateName", r.string());
        case 3 -> putNonEmpty(m, "namespace", r.string());
        case 6 -> putNonEmpty(m, "resourceVersion", r.string());
        case 11 -> entry(r.message(), data(m, "labels"), false);
        case 12 -> entry(r.message(), data(m, "annotations"), false);
        case 14 ->
            (m.has("finalizers")
                    ? (com.fasterxml.jackson.databind.node.ArrayNode) m.get("finalizers")
                    : m.putArray("finalizers"))
                .add(r.string());
        default -> r.skip(tag);
      }
    }
    return m;
  }

  /** Protobuf has no "unset" for strings; JSON leaves empty ones out. */
  private static void putNonEmpty(ObjectNode o, String field, String value) {
    if (!value.isEmpty()) {
      o.put(field, value);
    }
  }

  private static ObjectNode data(ObjectNode parent, String field) {
    return parent.has(field) ? (ObjectNode) parent.get(field) : parent.putObject(field);
  }

  /** One map entry (key = 1, value = 2); bytes values become base64 as in JSON. */
  private static void entry(Reader r, ObjectNode into, boolean bytesValue) {
    String key = "";
    byte[] value = new byte[0];
    while (r.more()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 1 -> key = r.string();
        case 2 -> value = r.bytes();
        default -> r.skip(tag);
      }
    }
    into.put(
        key,
        bytesValue
            ? Base64.getEncoder().encodeToString(value)
            : new String(value, StandardCharsets.UTF_8));
  }

  private static Replies.BadRequest unsupported(String apiVersion, String kind) {
    return new Replies.BadRequest(
        "the zenith engine's API reads protobuf bodies only for Secrets, ConfigMaps and Namespaces;"
            + " send "
            + kind
            + " ("
            + apiVersion
            + ") as JSON");
  }

  /** A protobuf wire-format reader over a byte range. */
  private static final class Reader {
    private final byte[] b;
    private int pos;
    private final int end;

    Reader(byte[] b, int from, int to) {
      this.b = b;
      this.pos = from;
      this.end = to;
    }

    boolean more() {
      return pos < end;
    }

    int tag() {
      return (int) varint();
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new Replies.BadRequest("truncated protobuf body");
        }
        byte x = b[pos++];
        v |= (long) (x & 0x7f) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw new Replies.BadRequest("malformed protobuf varint");
    }

    byte[] bytes() {
      int n = (int) varint();
      if (n < 0 || pos + n > end) {
        throw new Replies.BadRequest("truncated protobuf body");
      }
      byte[] out = Arrays.copyOfRange(b, pos, pos + n);
      pos += n;
      return out;
    }

    String string() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    Reader message() {
      int n = (int) varint();
      if (n < 0 || pos + n > end) {
        throw new Replies.BadRequest("truncated protobuf body");
      }
      Reader r = new Reader(b, pos, pos + n);
      pos += n;
      return r;
    }

    void skip(int tag) {
      switch (tag & 7) {
        case 0 -> varint();
        case 1 -> pos += 8;
        case 2 -> {
          int n = (int) varint(); // read first: "pos += varint()" would add to the old pos
          pos += n;
        }
        case 5 -> pos += 4;
        default -> throw new Replies.BadRequest("unsupported protobuf wire type " + (tag & 7));
      }
    }
  }
}
