package com.zenith.functions.local.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.api.validation.FunctionCrd;
import com.zenith.functions.local.store.ResourceType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The {@code meta.k8s.io/v1 Table} that {@code kubectl get} asks for: Functions with the CRD's
 * printer columns, and the columns kubectl shows for the other types.
 */
final class Tables {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** One column: its definition and how a cell is computed from an object (at a time). */
  record Column(
      String name,
      String type,
      int priority,
      String description,
      BiFunction<JsonNode, Instant, Object> cell) {}

  private Tables() {}

  /** A Table of {@code objects}; {@code includeObject} is None, Metadata (default) or Object. */
  static ObjectNode table(
      ResourceType type,
      List<ObjectNode> objects,
      String resourceVersion,
      String includeObject,
      Instant now) {
    List<Column> columns = columns(type);
    ObjectNode t = F.objectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    t.putObject("metadata").put("resourceVersion", resourceVersion);
    ArrayNode defs = t.putArray("columnDefinitions");
    for (Column c : columns) {
      defs.addObject()
          .put("name", c.name())
          .put("type", c.type())
          .put("format", c.name().equals("Name") ? "name" : "")
          .put("description", c.description())
          .put("priority", c.priority());
    }
    ArrayNode rows = t.putArray("rows");
    for (ObjectNode o : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column c : columns) {
        cells.addPOJO(c.cell().apply(o, now));
      }
      if ("Object".equals(includeObject)) {
        row.set("object", o);
      } else if (!"None".equals(includeObject)) {
        ObjectNode partial =
            F.objectNode().put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", o.path("metadata"));
        row.set("object", partial);
      }
    }
    return t;
  }

  static List<Column> columns(ResourceType type) {
    List<Column> c = new ArrayList<>();
    c.add(text("Name", 0, "The object's name.", ".metadata.name"));
    if (type.equals(ResourceType.FUNCTION)) {
      c.addAll(functionColumns());
      return c;
    }
    switch (type.kind()) {
      case "Secret" -> {
        c.add(text("Type", 0, "The secret's type.", ".type"));
        c.add(new Column("Data", "integer", 0, "Number of keys.", (o, n) -> o.path("data").size()));
        c.add(age());
      }
      case "ConfigMap" -> {
        c.add(
            new Column(
                "Data",
                "integer",
                0,
                "Number of keys.",
                (o, n) -> o.path("data").size() + o.path("binaryData").size()));
        c.add(age());
      }
      case "Namespace" -> {
        c.add(text("Status", 0, "The namespace's phase.", ".status.phase"));
        c.add(age());
      }
      case "Event" -> {
        c.add(
            new Column(
                "Last Seen",
                "string",
                0,
                "When the event was last seen.",
                (o, n) -> since(lastSeen(o), n)));
        c.add(text("Type", 0, "Normal or Warning.", ".type"));
        c.add(text("Reason", 0, "Why the event happened.", ".reason"));
        c.add(
            new Column(
                "Object",
                "string",
                0,
                "The object it is about.",
                (o, n) ->
                    o.at("/involvedObject/kind").asText("").toLowerCase()
                        + "/"
                        + o.at("/involvedObject/name").asText("")));
        c.add(text("Message", 0, "What happened.", ".message"));
      }
      case "Pod" -> {
        c.add(new Column("Ready", "string", 0, "Ready containers.", (o, n) -> podReady(o)));
        c.add(text("Status", 0, "The pod's phase.", ".status.phase"));
        c.add(new Column("Restarts", "integer", 0, "Container restarts.", (o, n) -> restarts(o)));
        c.add(age());
        c.add(text("IP", 1, "The pod's address.", ".status.podIP"));
        c.add(text("Node", 1, "Where it runs.", ".spec.nodeName"));
      }
      case "Service" -> {
        c.add(text("URL", 0, "The service's URL.", ".status.url"));
        c.add(text("LatestCreated", 0, "Latest revision.", ".status.latestCreatedRevisionName"));
        c.add(text("LatestReady", 0, "Latest ready revision.", ".status.latestReadyRevisionName"));
        c.add(readyColumn());
        c.add(reasonColumn());
      }
      case "Broker" -> {
        c.add(text("URL", 0, "The broker's ingress.", ".status.address.url"));
        c.add(age());
        c.add(readyColumn());
        c.add(reasonColumn());
      }
      case "PingSource" -> {
        c.add(text("Sink", 0, "Where events go.", ".status.sinkUri"));
        c.add(text("Schedule", 0, "The cron schedule.", ".spec.schedule"));
        c.add(age());
        c.add(readyColumn());
        c.add(reasonColumn());
      }
      default -> c.add(age());
    }
    return c;
  }

  /**
   * The CRD's printer columns in the CRD's order (READY, REASON, URL, wide IMAGE, AGE: the api
   * build keeps the order Function declares), as the API server's table convertor shows them.
   */
  private static List<Column> functionColumns() {
    List<Column> out = new ArrayList<>();
    for (JsonNode v : FunctionCrd.load().definition().path("spec").path("versions")) {
      for (JsonNode pc : v.path("additionalPrinterColumns")) {
        String path = pc.path("jsonPath").asText();
        boolean date = pc.path("type").asText().equals("date");
        out.add(
            new Column(
                pc.path("name").asText(),
                date ? "string" : pc.path("type").asText("string"),
                pc.path("priority").asInt(0),
                pc.path("description").asText(""),
                date
                    ? (o, n) -> since(JsonPathLite.first(path, o), n)
                    : (o, n) -> orEmpty(JsonPathLite.first(path, o))));
      }
    }
    return out;
  }

  private static Column text(String name, int priority, String description, String path) {
    return new Column(
        name, "string", priority, description, (o, n) -> orEmpty(JsonPathLite.first(path, o)));
  }

  private static Column age() {
    return new Column(
        "Age",
        "string",
        0,
        "When the object was created.",
        (o, n) -> since(o.path("metadata").path("creationTimestamp").asText(null), n));
  }

  private static Column readyColumn() {
    return text("Ready", 0, "Ready condition.", ".status.conditions[?(@.type==\"Ready\")].status");
  }

  private static Column reasonColumn() {
    return text("Reason", 0, "Why.", ".status.conditions[?(@.type==\"Ready\")].reason");
  }

  private static String podReady(JsonNode o) {
    int total = Math.max(o.at("/spec/containers").size(), o.at("/status/containerStatuses").size());
    int ready = 0;
    for (JsonNode s : o.at("/status/containerStatuses")) {
      ready += s.path("ready").asBoolean() ? 1 : 0;
    }
    return ready + "/" + total;
  }

  private static int restarts(JsonNode o) {
    int r = 0;
    for (JsonNode s : o.at("/status/containerStatuses")) {
      r += s.path("restartCount").asInt();
    }
    return r;
  }

  private static String lastSeen(JsonNode o) {
    for (String f : new String[] {"lastTimestamp", "eventTime", "firstTimestamp"}) {
      if (o.hasNonNull(f) && !o.get(f).asText().isEmpty()) {
        return o.get(f).asText();
      }
    }
    return o.path("metadata").path("creationTimestamp").asText(null);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /** An age as kubectl prints it (2m10s, 5h, 3d), or "<unknown>". */
  static String since(String timestamp, Instant now) {
    if (timestamp == null || timestamp.isEmpty()) {
      return "<unknown>";
    }
    try {
      return human(Duration.between(Instant.parse(timestamp), now));
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
  }

  /** Kubernetes' HumanDuration. */
  static String human(Duration d) {
    long s = d.getSeconds();
    if (s < -1) {
      return "<invalid>";
    } else if (s < 0) {
      return "0s";
    } else if (s < 120) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      return s % 60 == 0 ? m + "m" : m + "m" + (s % 60) + "s";
    } else if (m < 180) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 8) {
      return m % 60 == 0 ? h + "h" : h + "h" + (m % 60) + "m";
    } else if (h < 48) {
      return h + "h";
    } else if (h < 24 * 8) {
      return h % 24 == 0 ? (h / 24) + "d" : (h / 24) + "d" + (h % 24) + "h";
    } else if (h < 24 * 365 * 2) {
      return (h / 24) + "d";
    } else if (h < 24 * 365 * 8) {
      long y = h / (24 * 365);
      return (h % (24 * 365)) / 24 == 0 ? y + "y" : y + "y" + ((h % (24 * 365)) / 24) + "d";
    }
    return (h / (24 * 365)) + "y";
  }
}
