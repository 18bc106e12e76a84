package com.zenith.functions.local.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * {@code GET /_zenith/v1/logs/<namespace>/<name>[?tail=N][&follow=1][&build=1]}: a function's log
 * (or build log) as server-sent events, one {@code line} event per line: the last N lines (100),
 * then, with {@code follow}, each line as it is appended. The file is read on a virtual thread,
 * never on the event loop; a file that is truncated or replaced is read again from its start
 * ({@code restart} event).
 */
final class LogStream {
  static final String PREFIX = "/_zenith/v1/logs/";
  private static final int DEFAULT_TAIL = 100;
  private static final int MAX_TAIL = 5000;
  private static final int MAX_LINE = 8192;
  private static final long POLL_MS = 200;
  private static final long KEEP_ALIVE_MS = 15_000;

  private final Vertx vertx;
  private final ControlApi control;
  private final Replies replies;

  LogStream(Vertx vertx, ControlApi control, Replies replies) {
    this.vertx = vertx;
    this.control = control;
    this.replies = replies;
  }

  void handle(HttpServerRequest req, String path, long start) {
    String clean = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String[] parts = clean.substring(PREFIX.length()).split("/");
    boolean build = "1".equals(req.getParam("build"));
    Path file = parts.length == 2 ? control.logFile(parts[0], parts[1], build) : null;
    if (file == null) {
      replies.reply(
          req,
          start,
          "gateway",
          404,
          Replies.error("no such function; expected " + PREFIX + "<namespace>/<name>", path));
      return;
    }
    int tail;
    try {
      tail = req.getParam("tail") == null ? DEFAULT_TAIL : Integer.parseInt(req.getParam("tail"));
    } catch (NumberFormatException e) {
      tail = -1;
    }
    if (tail < 0 || tail > MAX_TAIL) {
      replies.reply(
          req,
          start,
          "gateway",
          400,
          Replies.error("tail must be a whole number from 0 to " + MAX_TAIL, path));
      return;
    }
    HttpServerResponse res = req.response();
    ServerSentEvents.start(res);
    replies.log(req, parts[0] + "/" + parts[1], clean, 200, start);
    Reader reader =
        new Reader(vertx.getOrCreateContext(), res, file, tail, "1".equals(req.getParam("follow")));
    res.closeHandler(v -> reader.closed = true);
    Thread.ofVirtual().name("dashboard-log-" + parts[0] + "/" + parts[1]).start(reader);
  }

  /** Reads one file for one client, off the event loop. */
  private static final class Reader implements Runnable {
    private final Context context;
    private final HttpServerResponse res;
    private final Path file;
    private final int tail;
    private final boolean follow;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    volatile boolean closed;

    Reader(Context context, HttpServerResponse res, Path file, int tail, boolean follow) {
      this.context = context;
      this.res = res;
      this.file = file;
      this.tail = tail;
      this.follow = follow;
    }

    @Override
    public void run() {
      try {
        long position = Files.exists(file) ? tail() : 0;
        long idleSince = System.currentTimeMillis();
        while (follow && !closed) {
          long size = Files.exists(file) ? Files.size(file) : 0;
          if (size < position) {
            position = 0; // truncated or replaced: a new instance's log
            partial.reset();
            send("restart", "");
          }
          if (size > position && !res.writeQueueFull()) {
            position = read(position, size);
            idleSince = System.currentTimeMillis();
          } else if (System.currentTimeMillis() - idleSince > KEEP_ALIVE_MS) {
            write(ServerSentEvents.keepAlive());
            idleSince = System.currentTimeMillis();
          }
          Thread.sleep(POLL_MS);
        }
      } catch (IOException e) {
        send("failure", "cannot read " + file.getFileName() + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (!follow) {
        context.runOnContext(v -> res.end());
      }
    }

    /** Sends the last lines; returns the end of what was read. */
    private long tail() throws IOException {
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
        long size = f.length();
        long from = Math.max(0, size - (long) tail * 512 - MAX_LINE);
        byte[] bytes = new byte[(int) (size - from)];
        f.seek(from);
        f.readFully(bytes);
        Deque<String> lines = new ArrayDeque<>();
        int lineStart = 0;
        for (int i = 0; i < bytes.length; i++) {
          if (bytes[i] == '\n') {
            // A read that starts mid-file starts mid-line: drop that first piece.
            if (from == 0 || lineStart > 0) {
              lines.addLast(decode(bytes, lineStart, i - lineStart));
            }
            lineStart = i + 1;
            if (lines.size() > tail) {
              lines.removeFirst();
            }
          }
        }
        if (tail > 0) {
          lines.forEach(l -> send("line", l));
        }
        return from + lineStart; // an unfinished last line is sent once it is finished
      }
    }

    private long read(long position, long size) throws IOException {
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
        byte[] bytes = new byte[(int) Math.min(size - position, 1 << 20)];
        f.seek(position);
        f.readFully(bytes);
        for (byte b : bytes) {
          if (b == '\n') {
            byte[] line = partial.toByteArray();
            partial.reset();
            send("line", decode(line, 0, line.length));
          } else if (partial.size() < MAX_LINE) {
            partial.write(b);
          }
        }
        return position + bytes.length;
      }
    }

    private static String decode(byte[] b, int off, int len) {
      int n = Math.min(len, MAX_LINE);
      if (n > 0 && b[off + n - 1] == '\r') {
        n--;
      }
      return new String(b, off, n, StandardCharsets.UTF_8);
    }

    private void send(String event, String data) {
      write(ServerSentEvents.frame(event, data));
    }

    private void write(String frame) {
      context.runOnContext(
          v -> {
            if (!res.closed() && !res.ended()) {
              res.write(frame);
            }
          });
    }
  }
}
