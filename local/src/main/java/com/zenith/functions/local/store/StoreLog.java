package com.zenith.functions.local.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's file: an append-only log of JSON lines ({@code put} with the whole object, {@code
 * delete} with its key and resourceVersion), each write flushed to disk before the store answers,
 * compacted by writing a snapshot to a temporary file and renaming it over the log. A crash can
 * only tear the last line, which was never acknowledged: it is dropped with a warning. Any other
 * unreadable line stops the open with a message naming the file and the line.
 */
final class StoreLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String FILE = "store.log";

  /** What the log held: the live objects by key and the highest resourceVersion written. */
  record Contents(Map<String, ObjectNode> objects, long resourceVersion) {}

  private final Path file;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private FileChannel out;
  private long linesSinceCompaction;

  private StoreLog(Path file, FileChannel lockChannel, FileLock lock) {
    this.file = file;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** The key of an object in the store: apiVersion/kind/namespace/name. */
  static String key(ResourceType type, String namespace, String name) {
    return type.apiVersion()
        + "/"
        + type.kind()
        + "/"
        + (namespace == null ? "" : namespace)
        + "/"
        + name;
  }

  /** Opens (creating) the log in {@code dir}, locked against a second engine, and reads it. */
  static StoreLog open(Path dir, Map<String, ObjectNode> into, long[] resourceVersion)
      throws IOException {
    com.zenith.functions.local.process.OwnerOnly.directories(dir);
    Path lockFile = dir.resolve("store.lock");
    FileChannel lc =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    com.zenith.functions.local.process.OwnerOnly.file(lockFile);
    FileLock l;
    try {
      l = lc.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      l = null; // held by this very process
    }
    if (l == null) {
      lc.close();
      throw new IOException(
          "the store in " + dir + " is in use by another zenith engine; stop it first");
    }
    StoreLog log = new StoreLog(dir.resolve(FILE), lc, l);
    try {
      Contents c = log.read();
      into.putAll(c.objects());
      resourceVersion[0] = c.resourceVersion();
      log.compact(c.objects().values(), c.resourceVersion());
      return log;
    } catch (IOException | RuntimeException e) {
      log.close();
      throw e;
    }
  }

  private Contents read() throws IOException {
    Map<String, ObjectNode> objects = new LinkedHashMap<>();
    long rv = 0;
    if (!Files.exists(file)) {
      return new Contents(objects, rv);
    }
    byte[] bytes = Files.readAllBytes(file);
    int start = 0;
    int lineNo = 0;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      lineNo++;
      String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
      boolean last = end >= bytes.length;
      if (!line.isBlank()) {
        try {
          rv = Math.max(rv, apply(JSON.readTree(line), objects));
        } catch (JsonProcessingException | IllegalArgumentException e) {
          if (last) {
            // A write torn by a crash: never acknowledged, so dropping it loses nothing accepted.
            LOG.warn(
                "{}: dropped an incomplete last line {} (a write interrupted by a crash)",
                file,
                lineNo);
            break;
          }
          throw damaged(
              lineNo,
              e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
        }
      }
      start = end + 1;
    }
    return new Contents(objects, rv);
  }

  private IOException damaged(int line, String why) {
    return new IOException(
        "the store file "
            + file
            + " is damaged at line "
            + line
            + " ("
            + why
            + "). Move the file away to start with an empty store (the engine re-applies its"
            + " manifest files), or repair that line.");
  }

  /** Applies one log line to the objects; returns its resourceVersion. */
  private static long apply(JsonNode line, Map<String, ObjectNode> objects) {
    String op = line.path("op").asText("");
    switch (op) {
      case "snapshot" -> {
        return Long.parseLong(line.path("resourceVersion").asText());
      }
      case "put" -> {
        JsonNode o = line.get("object");
        if (!(o instanceof ObjectNode obj)) {
          throw new IllegalArgumentException("a put line without an object");
        }
        ResourceType t = typeOf(obj.path("apiVersion").asText(), obj.path("kind").asText());
        JsonNode meta = obj.path("metadata");
        String ns = meta.has("namespace") ? meta.get("namespace").asText() : null;
        objects.put(key(t, ns, meta.path("name").asText()), obj);
        return Long.parseLong(meta.path("resourceVersion").asText());
      }
      case "delete" -> {
        ResourceType t = typeOf(line.path("apiVersion").asText(), line.path("kind").asText());
        String ns = line.hasNonNull("namespace") ? line.get("namespace").asText() : null;
        objects.remove(key(t, ns, line.path("name").asText()));
        return Long.parseLong(line.path("resourceVersion").asText());
      }
      default -> throw new IllegalArgumentException("unknown operation \"" + op + "\"");
    }
  }

  private static ResourceType typeOf(String apiVersion, String kind) {
    ResourceType t = ResourceType.of(apiVersion, kind);
    if (t == null || !t.stored()) {
      throw new IllegalArgumentException(
          "a type the store does not hold: " + apiVersion + " " + kind);
    }
    return t;
  }

  /** Records a created or changed object (with its new resourceVersion), durably. */
  void put(ObjectNode object) throws IOException {
    ObjectNode line = JSON.createObjectNode().put("op", "put");
    line.set("object", object);
    append(line);
  }

  /** Records a removal at {@code resourceVersion}, durably. */
  void delete(ResourceType type, String namespace, String name, long resourceVersion)
      throws IOException {
    ObjectNode line =
        JSON.createObjectNode()
            .put("op", "delete")
            .put("apiVersion", type.apiVersion())
            .put("kind", type.kind())
            .put("name", name)
            .put("resourceVersion", Long.toString(resourceVersion));
    if (namespace != null) {
      line.put("namespace", namespace);
    }
    append(line);
  }

  /** True when the log has grown enough past its live objects to be worth rewriting. */
  boolean wantsCompaction(int liveObjects) {
    return linesSinceCompaction > Math.max(1000, 2L * liveObjects);
  }

  private void append(ObjectNode line) throws IOException {
    byte[] b = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.wrap(b);
    while (buf.hasRemaining()) {
      out.write(buf);
    }
    out.force(false);
    linesSinceCompaction++;
  }

  /** Rewrites the log as a snapshot of the live objects: temp file, flush, atomic rename. */
  void compact(Collection<ObjectNode> live, long resourceVersion) throws IOException {
    Path tmp = file.resolveSibling(FILE + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      StringBuilder sb = new StringBuilder();
      sb.append(
              JSON.writeValueAsString(
                  JSON.createObjectNode()
                      .put("op", "snapshot")
                      .put("resourceVersion", Long.toString(resourceVersion))))
          .append('\n');
      for (ObjectNode o : live) {
        ObjectNode line = JSON.createObjectNode().put("op", "put");
        line.set("object", o);
        sb.append(JSON.writeValueAsString(line)).append('\n');
      }
      ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    ownerOnly(tmp);
    if (out != null) {
      out.close();
    }
    try {
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(file.getParent());
      linesSinceCompaction = 0;
    } finally {
      // Whether or not the rename happened, the log (old or new) takes the next appends.
      out =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
  }

  private static void ownerOnly(Path p) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Not every file system lets a directory be flushed; the rename itself is still atomic.
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (out != null) {
        out.close();
      }
    } finally {
      lock.release();
      lockChannel.close();
    }
  }
}
