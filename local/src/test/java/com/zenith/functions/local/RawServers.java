package com.zenith.functions.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * Tests' scripted servers on raw sockets: each accepted connection served on a thread of its own.
 */
public final class RawServers {
  private RawServers() {}

  /** Accepts connections on {@code server} until it closes, each served by {@code serve}. */
  public static void acceptEach(ServerSocket server, Consumer<Socket> serve) {
    Thread.ofVirtual()
        .start(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  Thread.ofVirtual().start(() -> serve.accept(s));
                } catch (IOException e) {
                  return; // closed
                }
              }
            });
  }
}
