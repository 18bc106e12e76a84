package com.zenith.functions.local.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The patch formats the API accepts, as pure functions: JSON merge patch (RFC 7386, also used for
 * strategic merge patches of core types and for server-side apply) and JSON patch (RFC 6902).
 */
final class Patches {
  private Patches() {}

  /** A patch that cannot be applied: a 422 (or 400 for a malformed body). */
  static final class PatchException extends Exception {
    PatchException(String message) {
      super(message);
    }
  }

  /** RFC 7386: objects merge key by key, null removes, anything else replaces. */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        out.remove(e.getKey());
      } else {
        out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
      }
    }
    return out;
  }

  /** RFC 6902: applies each operation in turn to a copy of {@code target}. */
  static JsonNode jsonPatch(JsonNode target, JsonNode ops) throws PatchException {
    if (!ops.isArray()) {
      throw new PatchException("a JSON patch must be a list of operations");
    }
    JsonNode doc = target.deepCopy();
    for (JsonNode op : ops) {
      String kind = op.path("op").asText("");
      String path = op.path("path").asText(null);
      if (path == null) {
        throw new PatchException("operation \"" + kind + "\" has no path");
      }
      switch (kind) {
        case "add" -> doc = add(doc, path, value(op));
        case "remove" -> doc = remove(doc, path);
        case "replace" -> {
          get(doc, path);
          doc = add(remove(doc, path), path, value(op));
        }
        case "move" -> {
          String from = op.path("from").asText();
          JsonNode v = get(doc, from);
          doc = add(remove(doc, from), path, v);
        }
        case "copy" -> doc = add(doc, path, get(doc, op.path("from").asText()).deepCopy());
        case "test" -> {
          if (!get(doc, path).equals(value(op))) {
            throw new PatchException("test operation failed at " + path);
          }
        }
        default -> throw new PatchException("unknown JSON patch operation \"" + kind + "\"");
      }
    }
    return doc;
  }

  private static JsonNode value(JsonNode op) throws PatchException {
    if (!op.has("value")) {
      throw new PatchException("operation \"" + op.path("op").asText() + "\" needs a value");
    }
    return op.get("value").deepCopy();
  }

  private static String[] tokens(String path) throws PatchException {
    if (path.isEmpty()) {
      return new String[0];
    }
    if (!path.startsWith("/")) {
      throw new PatchException("invalid JSON pointer \"" + path + "\"");
    }
    String[] t = path.substring(1).split("/", -1);
    for (int i = 0; i < t.length; i++) {
      t[i] = t[i].replace("~1", "/").replace("~0", "~");
    }
    return t;
  }

  private static JsonNode get(JsonNode doc, String path) throws PatchException {
    JsonNode n = doc;
    for (String t : tokens(path)) {
      n = n.isArray() ? n.get(index(t, n.size() - 1)) : n.get(t);
      if (n == null) {
        throw new PatchException("no value at " + path);
      }
    }
    return n;
  }

  private static JsonNode add(JsonNode doc, String path, JsonNode value) throws PatchException {
    String[] t = tokens(path);
    if (t.length == 0) {
      return value;
    }
    JsonNode parent = parent(doc, t, path);
    String last = t[t.length - 1];
    if (parent instanceof ArrayNode a) {
      if (last.equals("-")) {
        a.add(value);
      } else {
        a.insert(index(last, a.size()), value);
      }
    } else if (parent instanceof ObjectNode o) {
      o.set(last, value);
    } else {
      throw new PatchException("cannot add at " + path + ": the parent is not an object or list");
    }
    return doc;
  }

  private static JsonNode remove(JsonNode doc, String path) throws PatchException {
    String[] t = tokens(path);
    if (t.length == 0) {
      throw new PatchException("cannot remove the whole document");
    }
    JsonNode parent = parent(doc, t, path);
    String last = t[t.length - 1];
    if (parent instanceof ArrayNode a) {
      a.remove(index(last, a.size() - 1));
    } else if (parent instanceof ObjectNode o && o.has(last)) {
      o.remove(last);
    } else {
      throw new PatchException("no value to remove at " + path);
    }
    return doc;
  }

  private static JsonNode parent(JsonNode doc, String[] t, String path) throws PatchException {
    JsonNode n = doc;
    for (int i = 0; i < t.length - 1; i++) {
      n = n.isArray() ? n.get(index(t[i], n.size() - 1)) : n.get(t[i]);
      if (n == null) {
        throw new PatchException("no value at " + path + " (missing parent)");
      }
    }
    return n;
  }

  private static int index(String token, int max) throws PatchException {
    try {
      int i = Integer.parseInt(token);
      if (i < 0 || i > max) {
        throw new PatchException("index " + token + " out of range");
      }
      return i;
    } catch (NumberFormatException e) {
      throw new PatchException("\"" + token + "\" is not a list index");
    }
  }
}
