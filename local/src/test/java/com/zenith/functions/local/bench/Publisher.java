package com.zenith.functions.local.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark's load generator: binary-mode CloudEvents POSTed over kept-alive HTTP/1.1
 * connections, each connection a blocking socket on a platform thread of its own (as wrk and wrk2
 * work). It exists because the JDK's HttpClient with a virtual thread per event cost the shared
 * 2-core machine so much that, on the wire, it added about 4 ms to the p99 it measured. Not a test;
 * the tests use real clients.
 */
final class Publisher {
  private final String host;
  private final int port;
  private final String path;

  /** Publish -> the answer, for every event answered 2xx in the last paced run. */
  final Samples answers = new Samples();

  /** Events that got no answer (the connection failed; the next one reconnects), all runs. */
  final AtomicLong failed = new AtomicLong();

  Publisher(String host, int port, String path) {
    this.host = host;
    this.port = port;
    this.path = path;
  }

  /** As many events as {@code connections} senders get answered in {@code seconds}. */
  long closedLoop(int connections, int seconds, String idPrefix) throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    return onEach(
        connections,
        (sender, conn, ok) -> {
          for (long n = 0; System.nanoTime() < end; n++) {
            if (conn.send(idPrefix + sender + "-" + n, System.nanoTime()) / 100 == 2) {
              ok.incrementAndGet();
            }
          }
        });
  }

  /**
   * Publishes {@code rate} events a second for {@code seconds}. Event i is due at start + i/rate
   * and is sent by connection i mod {@code connections}; its latency counts from when it was due,
   * so an answer that comes late also counts against the events queued behind it (no coordinated
   * omission, as in wrk2).
   */
  long paced(int connections, int seconds, int rate, String idPrefix) throws InterruptedException {
    answers.clear();
    long total = (long) rate * seconds;
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime() + 50_000_000L; // every sender started first
    return onEach(
        connections,
        (sender, conn, ok) -> {
          for (long i = sender; i < total; i += connections) {
            long due = start + i * interval;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
              LockSupport.parkNanos(wait);
            }
            if (conn.send(idPrefix + i, due) / 100 == 2) {
              answers.add(due, System.nanoTime());
              ok.incrementAndGet();
            }
          }
        });
  }

  /** What one sender does on its connection, counting answers 2xx in {@code ok}. */
  private interface Sender {
    void run(int sender, Connection conn, AtomicLong ok);
  }

  /** Runs {@code connections} senders, each on a platform thread; returns the 2xx answers. */
  private long onEach(int connections, Sender body) throws InterruptedException {
    AtomicLong ok = new AtomicLong();
    List<Thread> senders = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      int sender = c;
      senders.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (Connection conn = new Connection()) {
                      body.run(sender, conn, ok);
                    }
                  }));
    }
    for (Thread t : senders) {
      t.join();
    }
    return ok.get();
  }

  /** One kept-alive connection; reconnects when the server closes it. */
  private final class Connection implements AutoCloseable {
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final byte[] line = new byte[8192];

    /**
     * Sends one event stamped {@code sentNanos} and returns the answer's status; -1 (counted in
     * {@link #failed}) when the connection failed, which the next send replaces.
     */
    int send(String id, long sentNanos) {
      try {
        return exchange(id, sentNanos);
      } catch (IOException | RuntimeException e) {
        if (failed.getAndIncrement() == 0) {
          System.err.println("publisher: " + e + " (the first failure; counted from here)");
        }
        close();
        return -1;
      }
    }

    private int exchange(String id, long sentNanos) throws IOException {
      if (socket == null) {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port));
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16384);
      }
      String body = "{\"n\":1}";
      String head =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: "
              + host
              + ":"
              + port
              + "\r\nce-specversion: 1.0\r\nce-id: "
              + id
              + "\r\nce-source: bench\r\nce-type: bench.event\r\nce-benchsent: "
              + sentNanos
              + "\r\ncontent-type: application/json\r\ncontent-length: "
              + body.length()
              + "\r\n\r\n"
              + body;
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return readAnswer();
    }

    /** Reads one answer (status line, headers, a Content-Length or chunked body). */
    private int readAnswer() throws IOException {
      String status = readLine();
      if (status == null || !status.startsWith("HTTP/1.1 ")) {
        throw new IOException("not an HTTP/1.1 answer: " + status);
      }
      int code = Integer.parseInt(status.substring(9, 12));
      long length = 0;
      boolean chunked = false;
      boolean close = false;
      for (String h; !(h = readLine()).isEmpty(); ) {
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring(15).strip());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          close = true;
        }
      }
      if (chunked) {
        for (long size; (size = Long.parseLong(readLine().split(";")[0].strip(), 16)) > 0; ) {
          skip(size);
          readLine();
        }
        while (!readLine().isEmpty()) {
          // trailers
        }
      } else {
        skip(length);
      }
      if (close) {
        close();
      }
      return code;
    }

    private String readLine() throws IOException {
      int n = 0;
      for (int b; (b = in.read()) != '\n'; ) {
        if (b < 0) {
          throw new IOException("the connection closed in an answer");
        }
        if (b != '\r' && n < line.length) {
          line[n++] = (byte) b;
        }
      }
      return new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }

    private void skip(long n) throws IOException {
      for (long left = n; left > 0; ) {
        long s = in.skip(left);
        if (s <= 0) {
          if (in.read() < 0) {
            throw new IOException("the connection closed in a body");
          }
          s = 1;
        }
        left -= s;
      }
    }

    @Override
    public void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing anyway
        }
        socket = null;
      }
    }
  }
}
