package com.zenith.functions.local.process;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * A log file bounded in size: once it would pass {@link #MAX_BYTES}, it is renamed to {@code
 * <file>.1} (replacing the older one) and a new file starts, so a log never takes more than twice
 * the limit. Files are the owner's only (0600), their directories too (0700). Thread-safe.
 */
public final class RotatingLog implements AutoCloseable {
  /** Where a log file is rotated: 10 MiB (kubelet's default containerLogMaxSize). */
  public static final long MAX_BYTES = 10L * 1024 * 1024;

  private final Path path;
  private final long maxBytes;
  private BufferedWriter out;
  private long size;

  /** Opens {@code path} (appending when {@code append}, else truncating) rotated at {@code max}. */
  public RotatingLog(Path path, long maxBytes, boolean append) throws IOException {
    this.path = path;
    this.maxBytes = maxBytes;
    OwnerOnly.directories(path.getParent());
    open(append);
  }

  /** The file being written. */
  public Path path() {
    return path;
  }

  /** The previous file, {@code <file>.1}. */
  public Path rotated() {
    return rotated(path);
  }

  /** Where {@code log} goes when rotated. */
  public static Path rotated(Path log) {
    return log.resolveSibling(log.getFileName() + ".1");
  }

  /** Writes one line, unflushed; rotates first when the line would pass the limit. */
  public synchronized void write(String line) throws IOException {
    if (out == null) {
      return;
    }
    long bytes = utf8Length(line) + 1L;
    if (size > 0 && size + bytes > maxBytes) {
      rotate();
    }
    out.write(line);
    out.newLine();
    size += bytes;
  }

  /** Writes one line and flushes it. */
  public synchronized void line(String line) throws IOException {
    write(line);
    flush();
  }

  /** Writes buffered lines out. */
  public synchronized void flush() throws IOException {
    if (out != null) {
      out.flush();
    }
  }

  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }

  private void rotate() throws IOException {
    out.close();
    Files.move(path, rotated(), StandardCopyOption.REPLACE_EXISTING);
    open(false);
  }

  private void open(boolean append) throws IOException {
    FileChannel ch =
        FileChannel.open(
            path,
            Set.of(
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING),
            OwnerOnly.fileAttributes());
    OwnerOnly.file(path); // a file left by an older version
    size = append ? ch.size() : 0;
    out =
        new BufferedWriter(
            new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8));
  }

  @Override
  public synchronized void close() {
    if (out == null) {
      return;
    }
    try {
      out.close();
    } catch (IOException e) {
      // nothing more to do
    }
    out = null;
  }
}
