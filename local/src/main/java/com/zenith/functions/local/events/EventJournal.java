package com.zenith.functions.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An append-only record of accepted deliveries, so that events accepted but not yet delivered (and
 * dead letters) survive a restart of zenith dev. Each line is one JSON object: a delivery is {@code
 * pending} until it is {@code done} or {@code dead}; a dead letter can be {@code replayed}. Written
 * to the operating system on every line, so a crash of the JVM loses nothing accepted.
 */
public final class EventJournal implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the journal held: deliveries still to make and dead letters, in order. */
  public record State(List<ObjectNode> pending, List<ObjectNode> dead, long lastSeq) {}

  private final Path file;
  private BufferedWriter out;

  /** A journal at {@code file}; call {@link #recover()} before writing. */
  public EventJournal(Path file) {
    this.file = file;
  }

  /** Reads what an earlier session left, compacts the file to it, and opens it for appending. */
  public synchronized State recover() throws IOException {
    Files.createDirectories(file.getParent());
    Map<String, ObjectNode> pending = new LinkedHashMap<>();
    Map<String, ObjectNode> dead = new LinkedHashMap<>();
    long last = 0;
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n;
        try {
          n = JSON.readTree(line);
        } catch (IOException e) {
          continue; // a line cut short by a crash: the delivery it started is still pending
        }
        String key = n.path("seq").asLong() + " " + n.path("trigger").asText();
        last = Math.max(last, n.path("seq").asLong());
        switch (n.path("op").asText()) {
          case "pending" -> pending.put(key, (ObjectNode) n);
          case "done" -> pending.remove(key);
          case "dead" -> {
            pending.remove(key);
            dead.put(key, (ObjectNode) n);
          }
          case "replayed" -> dead.remove(key);
          default -> {}
        }
      }
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (ObjectNode n : pending.values()) {
        w.write(n.toString());
        w.newLine();
      }
      for (ObjectNode n : dead.values()) {
        w.write(n.toString());
        w.newLine();
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    return new State(new ArrayList<>(pending.values()), new ArrayList<>(dead.values()), last);
  }

  /** A delivery of event {@code seq} to {@code trigger} was accepted. */
  public void pending(long seq, String trigger, byte[] eventJson) {
    write(
        JSON.createObjectNode()
            .put("op", "pending")
            .put("seq", seq)
            .put("trigger", trigger)
            .put("event", new String(eventJson, StandardCharsets.UTF_8)));
  }

  /** It was delivered. */
  public void done(long seq, String trigger) {
    write(JSON.createObjectNode().put("op", "done").put("seq", seq).put("trigger", trigger));
  }

  /** It went to the dead letters. */
  public void dead(long seq, String trigger, String reason, int attempts, byte[] eventJson) {
    write(
        JSON.createObjectNode()
            .put("op", "dead")
            .put("seq", seq)
            .put("trigger", trigger)
            .put("reason", reason)
            .put("attempts", attempts)
            .put("event", new String(eventJson, StandardCharsets.UTF_8)));
  }

  /** A dead letter was sent again (a new pending entry follows). */
  public void replayed(long seq, String trigger) {
    write(JSON.createObjectNode().put("op", "replayed").put("seq", seq).put("trigger", trigger));
  }

  private synchronized void write(ObjectNode n) {
    if (out == null) {
      return;
    }
    try {
      out.write(n.toString());
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the event journal " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // nothing more to do
      }
      out = null;
    }
  }
}
