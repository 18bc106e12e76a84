package com.zenith.functions.local.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Starting a function's process, feeding its output to its log, and probing its port. */
final class LocalProcesses {
  private LocalProcesses() {}

  /** A loopback port nothing listens on now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  /** True when something accepts a connection on the loopback port. */
  static boolean answers(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Starts {@code run} in {@code dir} with exactly {@code env}, output and errors merged. */
  static Process start(List<String> run, Path dir, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(run).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Copies the process's output to {@code log}, line by line, until it ends. */
  static void pump(Process p, LogSink log, String name) {
    Thread.ofVirtual()
        .name("log-" + name)
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  log.line(line);
                }
              } catch (IOException e) {
                // the process is gone
              }
            });
  }
}
