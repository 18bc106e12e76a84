package com.zenith.functions.local.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
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
import java.util.Set;

/**
 * Rewrites the event journal at start to what an earlier session left undone: its pending lines
 * copied byte for byte (never decoded into memory all at once), then its dead letters. The file is
 * replaced in one atomic move, so a crash meanwhile leaves the old one whole.
 */
final class JournalCompaction {
  private static final int FLUSH_AT = 1 << 20;

  private JournalCompaction() {}

  /** Compacts {@code file} to {@code state}; returns it with each pending line's new place. */
  static JournalReader.State compact(Path file, JournalReader.State state) throws IOException {
    createPrivateDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    List<JournalReader.Entry> pending = new ArrayList<>(state.pending().size());
    try (FileChannel w = createPrivate(tmp);
        FileChannel old = Files.exists(file) ? FileChannel.open(file) : null) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      long written = 0;
      for (JournalReader.Entry e : state.pending()) {
        byte[] line =
            e.offset() >= 0
                ? read(old, file, e.offset(), e.length())
                : EventJournal.bytes(
                    EventJournal.line("pending", e.seq(), e.trigger())
                        .set("ce", EventRecords.toRecord(e.event())));
        pending.add(e.at(written + buf.size(), line.length));
        buf.write(line);
        buf.write('\n');
        written += flushIfLarge(w, buf);
      }
      for (JournalReader.Entry e : state.dead()) {
        ObjectNode n = EventJournal.line("dead", e.seq(), e.trigger());
        n.put("reason", e.reason()).put("attempts", e.attempts());
        buf.write(EventJournal.bytes(n.set("ce", EventRecords.toRecord(e.event()))));
        buf.write('\n');
        written += flushIfLarge(w, buf);
      }
      writeFully(w, ByteBuffer.wrap(buf.toByteArray()));
      w.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new JournalReader.State(pending, state.dead(), state.lastSeq(), state.warnings());
  }

  /** The {@code length} bytes at {@code offset} of {@code ch} (the journal {@code file}). */
  static byte[] read(FileChannel ch, Path file, long offset, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (ch.read(b, offset + b.position()) < 0) {
        throw new EOFException(
            "the event journal " + file + " ends before the line at byte " + offset);
      }
    }
    return b.array();
  }

  private static long flushIfLarge(FileChannel w, ByteArrayOutputStream buf) throws IOException {
    if (buf.size() < FLUSH_AT) {
      return 0;
    }
    int n = buf.size();
    writeFully(w, ByteBuffer.wrap(buf.toByteArray()));
    buf.reset();
    return n;
  }

  static void writeFully(FileChannel w, ByteBuffer b) throws IOException {
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
    var options = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
    return posix()
        ? FileChannel.open(
            f,
            options,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : FileChannel.open(f, options);
  }
}
