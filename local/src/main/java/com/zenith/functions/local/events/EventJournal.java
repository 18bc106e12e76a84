package com.zenith.functions.local.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * operating system, so a crash of the JVM loses nothing that was acknowledged. A line's future
 * gives its place in the file, where {@link #read} finds its event again: a trigger's backlog
 * beyond what the broker holds in memory waits here.
 */
public final class EventJournal implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int GROUP = 4096;

  /** A group's bytes at most (but always one line, however large): one write's buffer. */
  private static final long GROUP_BYTES = 8L << 20;

  /** Where a line was written: its first byte and its length without the newline. */
  public record Position(long offset, int length) {}

  private record Line(byte[] bytes, CompletableFuture<Position> written) {}

  private static final Line STOP = new Line(new byte[0], null);

  private final Path file;
  private final LinkedBlockingQueue<Line> queue = new LinkedBlockingQueue<>();
  private FileChannel out;
  private volatile FileChannel in;
  private long end; // the writer's: where the next line goes
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
   * compacts the file to it, and starts writing. Lines queued before this are written after it. The
   * pending entries returned say where their lines now are, for {@link #read}.
   */
  synchronized JournalReader.State recover() throws IOException {
    if (writer != null) {
      throw new IllegalStateException("the event journal " + file + " is already open");
    }
    JournalReader.State state = JournalCompaction.compact(file, JournalReader.read(file));
    out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    try {
      in = FileChannel.open(file, StandardOpenOption.READ);
      end = out.size();
    } catch (IOException e) {
      closeQuietly(out);
      throw e;
    }
    writer = Thread.ofPlatform().daemon().name("zenith-events-journal").start(this::writeLoop);
    return state;
  }

  /**
   * The event of the line at {@code offset} ({@code length} bytes, as {@link #pending} or {@link
   * #replayed} gave them): a delivery that waited in the journal rather than in memory.
   */
  public CloudEvent read(long offset, int length) throws IOException {
    for (boolean again = false; ; again = true) {
      FileChannel ch = in;
      if (ch == null || closed) {
        throw new IOException("the event journal " + file + " is not open");
      }
      try {
        byte[] line = JournalCompaction.read(ch, file, offset, length);
        return JournalReader.event(line, file + " at byte " + offset);
      } catch (java.nio.channels.ClosedChannelException e) {
        // Another thread's interrupt closed the channel they share: open it again, once.
        if (again || closed || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        reopen(ch);
      }
    }
  }

  private synchronized void reopen(FileChannel was) throws IOException {
    if (in == was && !closed) {
      in = FileChannel.open(file, StandardOpenOption.READ);
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // nothing more to do
      }
    }
  }

  /** True once {@link #recover()} has opened the file for writing. */
  public synchronized boolean isOpen() {
    return writer != null && !closed;
  }

  /** A delivery of event {@code seq} to {@code trigger} was accepted. */
  public CompletableFuture<Position> pending(long seq, String trigger, ObjectNode record) {
    return write(line("pending", seq, trigger).set("ce", record));
  }

  /** It was delivered. */
  public CompletableFuture<Position> done(long seq, String trigger) {
    return write(line("done", seq, trigger));
  }

  /** It went to the dead letters. */
  public CompletableFuture<Position> dead(
      long seq, String trigger, String reason, int attempts, CloudEvent event) {
    ObjectNode n = line("dead", seq, trigger).put("reason", reason).put("attempts", attempts);
    return write(n.set("ce", EventRecords.toRecord(event)));
  }

  /** A dead letter is being sent again: it is pending once more. */
  public CompletableFuture<Position> replayed(long seq, String trigger, CloudEvent event) {
    return write(line("replayed", seq, trigger).set("ce", EventRecords.toRecord(event)));
  }

  /** A journal line's object: its op, the event's seq and the trigger's key. */
  static ObjectNode line(String op, long seq, String trigger) {
    return JSON.createObjectNode().put("op", op).put("seq", seq).put("trigger", trigger);
  }

  /** One line's JSON, without its newline (the writer adds it): bytes at once, no String. */
  static byte[] bytes(ObjectNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new java.io.UncheckedIOException(e); // a tree of plain nodes always serializes
    }
  }

  private CompletableFuture<Position> write(ObjectNode n) {
    CompletableFuture<Position> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new IOException("the event journal " + file + " is closed"));
      return f;
    }
    queue.add(new Line(bytes(n), f));
    return f;
  }

  private void writeLoop() {
    List<Line> group = new ArrayList<>();
    boolean stop = false;
    boolean torn = false; // a failed write may have left part of a line: end it first
    while (!stop) {
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        break;
      }
      long size = group.get(0).bytes().length + 1L;
      for (Line l; group.size() < GROUP && size < GROUP_BYTES && (l = queue.poll()) != null; ) {
        group.add(l);
        size += l.bytes().length + 1L;
      }
      ByteBuffer buf = ByteBuffer.allocate((int) size + (torn ? 1 : 0));
      if (torn) {
        buf.put((byte) '\n'); // an empty line, which the reader skips
      }
      for (Line l : group) {
        stop |= l == STOP;
        if (l != STOP) {
          buf.put(l.bytes()).put((byte) '\n');
        }
      }
      buf.flip();
      IOException failure = null;
      try {
        JournalCompaction.writeFully(out, buf);
      } catch (IOException e) {
        failure = new IOException("cannot write the event journal " + file + ": " + e, e);
      }
      long at = end + (torn ? 1 : 0);
      torn = failure != null;
      for (Line l : group) {
        if (l.written() == null) {
          continue;
        }
        if (failure == null) {
          l.written().complete(new Position(at, l.bytes().length));
          at += l.bytes().length + 1;
        } else {
          l.written().completeExceptionally(failure);
        }
      }
      end = failure == null ? at : sizeAfterFailure();
      group.clear();
    }
  }

  /** Where the file ends after a failed write (some of it may have gone out). */
  private long sizeAfterFailure() {
    try {
      return out.size();
    } catch (IOException e) {
      return end; // the file is gone: nothing more is written or read back
    }
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
      closeQuietly(out);
      closeQuietly(in);
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
