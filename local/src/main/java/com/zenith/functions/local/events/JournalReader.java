package com.zenith.functions.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what an earlier session left in the event journal: deliveries still to make and dead
 * letters. A line that cannot be read (cut short by a crash, damaged, not UTF-8, an event that does
 * not decode) is skipped with a warning naming the file and the line; every other line counts. A
 * pending delivery is kept as where its line is, not as its event, so that a backlog larger than
 * the heap can be recovered; dead letters keep their events.
 */
final class JournalReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One delivery from the journal; {@code reason} and {@code attempts} for dead letters. A pending
   * one has no event, only its line's {@code offset} and {@code length} in the file (an entry of an
   * older version's format may have its event and no line: offset -1).
   */
  record Entry(
      long seq,
      String trigger,
      CloudEvent event,
      String reason,
      int attempts,
      long offset,
      int length) {
    String key() {
      return seq + " " + trigger;
    }

    /** The same delivery, its line now at {@code newOffset} (and without its event). */
    Entry at(long newOffset, int newLength) {
      return new Entry(seq, trigger, null, reason, attempts, newOffset, newLength);
    }
  }

  /** What the journal held, in order, and what could not be read. */
  record State(List<Entry> pending, List<Entry> dead, long lastSeq, List<String> warnings) {}

  private JournalReader() {}

  static State read(Path file) throws IOException {
    Map<String, Entry> pending = new LinkedHashMap<>();
    Map<String, Entry> dead = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    long last = 0;
    if (!Files.exists(file)) {
      return new State(List.of(), List.of(), 0, List.of());
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int number = 0;
      long pos = 0;
      long lineStart = 0;
      boolean more = true;
      while (more) {
        int b = in.read();
        if (b != -1) {
          pos++;
        }
        if (b != '\n' && b != -1) {
          line.write(b);
          continue;
        }
        more = b != -1;
        if (!more && line.size() == 0) {
          break;
        }
        number++;
        byte[] bytes = line.toByteArray();
        line.reset();
        long at = lineStart;
        lineStart = pos;
        String where = file + " line " + number;
        JsonNode n = parse(bytes, where, !more, warnings);
        if (n == null) {
          continue;
        }
        long seq = n.path("seq").asLong(-1);
        String trigger = n.path("trigger").asText("");
        String op = n.path("op").asText("");
        if (seq < 0 || trigger.isEmpty() || op.isEmpty()) {
          warnings.add(where + " lacks op, seq or trigger; skipped");
          continue;
        }
        last = Math.max(last, seq);
        String key = seq + " " + trigger;
        switch (op) {
          case "pending" -> {
            Entry e = entry(n, seq, trigger, where, warnings);
            if (e != null) {
              pending.put(key, e.at(at, bytes.length));
            }
          }
          case "done" -> pending.remove(key);
          case "dead" -> {
            Entry e = entry(n, seq, trigger, where, warnings);
            pending.remove(key);
            if (e != null) {
              dead.put(key, e);
            }
          }
          case "replayed" -> {
            Entry d = dead.remove(key);
            if (n.has("ce") || n.has("event")) {
              Entry e = entry(n, seq, trigger, where, warnings);
              if (e != null) {
                pending.put(key, e.at(at, bytes.length)); // a line with its event, as pending's
              }
            } else if (d != null) {
              pending.put(key, new Entry(seq, trigger, d.event(), null, 0, -1, 0));
            }
          }
          default -> warnings.add(where + " has an unknown op \"" + op + "\"; skipped");
        }
      }
    }
    return new State(
        new ArrayList<>(pending.values()), new ArrayList<>(dead.values()), last, warnings);
  }

  /**
   * The event of one journal line read back (a pending or replayed line); {@code where} names the
   * file and place for the error.
   */
  static CloudEvent event(byte[] line, String where) throws IOException {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (IOException e) {
      throw new IOException(where + " is damaged (not a JSON object)", e);
    }
    JsonNode record = n == null ? null : recordOf(n);
    if (record == null) {
      throw new IOException(where + " has no event");
    }
    try {
      return EventRecords.fromRecord(record);
    } catch (EventCodec.InvalidEventException e) {
      throw new IOException(where + " holds an event that cannot be read: " + e.getMessage(), e);
    }
  }

  /** A line's event: {@code ce}, or {@code event} in older journals. */
  private static JsonNode recordOf(JsonNode line) {
    return line.has("ce") ? line.get("ce") : line.get("event");
  }

  private static JsonNode parse(
      byte[] bytes, String where, boolean lastLine, List<String> warnings) {
    if (bytes.length == 0 || (bytes.length == 1 && bytes[0] == '\r')) {
      return null;
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      warnings.add(where + " is not UTF-8 text (damaged); skipped");
      return null;
    }
    if (text.isBlank()) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(text);
      if (n != null && n.isObject()) {
        return n;
      }
    } catch (IOException e) {
      // reported below
    }
    warnings.add(
        where
            + (lastLine
                ? " was cut short (a write interrupted by a stop; its event was not yet accepted);"
                    + " skipped"
                : " is damaged (not a JSON object); skipped"));
    return null;
  }

  private static Entry entry(
      JsonNode n, long seq, String trigger, String where, List<String> warnings) {
    JsonNode record = recordOf(n);
    if (record == null) {
      warnings.add(where + " has no event; skipped");
      return null;
    }
    try {
      CloudEvent e = EventRecords.fromRecord(record);
      return new Entry(
          seq,
          trigger,
          e,
          n.has("reason") ? n.get("reason").asText() : null,
          n.path("attempts").asInt(),
          -1,
          0);
    } catch (EventCodec.InvalidEventException ex) {
      warnings.add(
          where + " holds an event that cannot be read (" + ex.getMessage() + "); skipped");
      return null;
    }
  }
}
