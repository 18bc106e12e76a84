package com.zenith.functions.local.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An append-only record of accepted deliveries, so that events accepted but not yet delivered (and
 * dead letters) survive a restart of zenith dev. Each line is one JSON object: a delivery is {@code
 * pending} until it is {@code done} or {@code dead}; a dead letter can be {@code replayed}. Lines
 * are written by one writer thread, never by the caller: whatever is queued when it wakes is
 * written with one system call (group commit), and each line's future completes once it is with the
 * operating system, so a crash of the JVM loses nothing that was acknowledged.
 */
public final class EventJournal implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int GROUP = 4096;

  private record Line(byte[] bytes, CompletableFuture<Void> written) {}

  private static final Line STOP = new Line(new byte[0], null);

  private final Path file;
  private final LinkedBlockingQueue<Line> queue = new LinkedBlockingQueue<>();
  private FileChannel out;
  private Thread writer;
  private volatile boolean closed;

  /** A journal at {@code file}; call {@link #recover()} before writing. */
  public EventJournal(Path file) {
    this.file = file;
  }

  /** The journal's file. */
  public Path file() {
    return file;
  }

  /**
   * Reads what an earlier session left (skipping, with a warning each, the lines it cannot read),
   * compacts the file to it, and starts writing. Lines queued before this are written after it.
   */
  synchronized JournalReader.State recover() throws IOException {
    if (writer != null) {
      throw new IllegalStateException("the event journal " + file + " is already open");
    }
    createPrivateDirectories(file.getParent());
    JournalReader.State state = JournalReader.read(file);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try (FileChannel w = createPrivate(tmp)) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      for (JournalReader.Entry e : state.pending()) {
        buf.write(
            json(entry("pending", e.seq(), e.trigger()).set("ce", EventCodec.toRecord(e.event()))));
        buf.write('\n');
        flushIfLarge(w, buf);
      }
      for (JournalReader.Entry e : state.dead()) {
        ObjectNode n = entry("dead", e.seq(), e.trigger());
        n.put("reason", e.reason()).put("attempts", e.attempts());
        buf.write(json(n.set("ce", EventCodec.toRecord(e.event()))));
        buf.write('\n');
        flushIfLarge(w, buf);
      }
      writeFully(w, buf.toByteArray());
      w.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    writer = Thread.ofPlatform().daemon().name("zenith-events-journal").start(this::writeLoop);
    return state;
  }

  /** True once {@link #recover()} has opened the file for writing. */
  public synchronized boolean isOpen() {
    return writer != null && !closed;
  }

  /** A delivery of event {@code seq} to {@code trigger} was accepted. */
  public CompletableFuture<Void> pending(long seq, String trigger, ObjectNode record) {
    return write(entry("pending", seq, trigger).set("ce", record));
  }

  /** It was delivered. */
  public CompletableFuture<Void> done(long seq, String trigger) {
    return write(entry("done", seq, trigger));
  }

  /** It went to the dead letters. */
  public CompletableFuture<Void> dead(
      long seq, String trigger, String reason, int attempts, CloudEvent event) {
    ObjectNode n = entry("dead", seq, trigger).put("reason", reason).put("attempts", attempts);
    return write(n.set("ce", EventCodec.toRecord(event)));
  }

  /** A dead letter is being sent again: it is pending once more. */
  public CompletableFuture<Void> replayed(long seq, String trigger, CloudEvent event) {
    return write(entry("replayed", seq, trigger).set("ce", EventCodec.toRecord(event)));
  }

  private static ObjectNode entry(String op, long seq, String trigger) {
    return JSON.createObjectNode().put("op", op).put("seq", seq).put("trigger", trigger);
  }

  /** One line's JSON, without its newline (the writer adds it): bytes at once, no String. */
  private static byte[] json(ObjectNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new java.io.UncheckedIOException(e); // a tree of plain nodes always serializes
    }
  }

  private CompletableFuture<Void> write(ObjectNode n) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new IOException("the event journal " + file + " is closed"));
      return f;
    }
    queue.add(new Line(json(n), f));
    return f;
  }

  private void writeLoop() {
    List<Line> group = new ArrayList<>();
    boolean stop = false;
    while (!stop) {
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        break;
      }
      queue.drainTo(group, GROUP);
      int size = 0;
      for (Line l : group) {
        size += l.bytes().length + 1;
        stop |= l == STOP;
      }
      ByteBuffer buf = ByteBuffer.allocate(size);
      for (Line l : group) {
        if (l != STOP) {
          buf.put(l.bytes()).put((byte) '\n');
        }
      }
      buf.flip();
      IOException failure = null;
      try {
        while (buf.hasRemaining()) {
          out.write(buf);
        }
      } catch (IOException e) {
        failure = new IOException("cannot write the event journal " + file + ": " + e, e);
      }
      for (Line l : group) {
        if (l.written() == null) {
          continue;
        }
        if (failure == null) {
          l.written().complete(null);
        } else {
          l.written().completeExceptionally(failure);
        }
      }
      group.clear();
    }
  }

  private static void flushIfLarge(FileChannel w, ByteArrayOutputStream buf) throws IOException {
    if (buf.size() > 1 << 20) {
      writeFully(w, buf.toByteArray());
      buf.reset();
    }
  }

  private static void writeFully(FileChannel w, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      w.write(b);
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  private static void createPrivateDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (posix()) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  private static FileChannel createPrivate(Path f) throws IOException {
    var options = java.util.Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
    return posix()
        ? FileChannel.open(
            f,
            options,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : FileChannel.open(f, options);
  }

  /** Writes what is queued, then closes the file. */
  @Override
  public void close() {
    Thread w;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      w = writer;
    }
    if (w != null) {
      queue.add(STOP);
      try {
        w.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        out.close();
      } catch (IOException e) {
        // nothing more to do
      }
    }
    Line l;
    while ((l = queue.poll()) != null) {
      if (l.written() != null) {
        l.written()
            .completeExceptionally(new IOException("the event journal " + file + " is closed"));
      }
    }
  }
}
