package com.zenith.functions.sdk;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A real HTTP server on 127.0.0.1 and an ephemeral port that records requests and replies. */
public final class TestServer implements AutoCloseable {
  /** A request as received. */
  public record Recorded(String method, URI uri, Headers headers, byte[] body) {
    public String header(String name) {
      return headers.getFirst(name);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A reply. */
  public record Reply(int status, String body, Map<String, String> headers) {
    public static Reply json(int status, String body) {
      return new Reply(status, body, Map.of("Content-Type", "application/json"));
    }
  }

  /** Decides the reply; {@code n} counts requests from 1. */
  @FunctionalInterface
  public interface Responder {
    Reply reply(Recorded request, int n) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();

  private TestServer(Responder responder) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            var r =
                new Recorded(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI(),
                    exchange.getRequestHeaders(),
                    exchange.getRequestBody().readAllBytes());
            requests.add(r);
            Reply reply;
            try {
              reply = responder.reply(r, requests.size());
            } catch (Exception e) {
              reply = new Reply(599, e.toString(), Map.of());
            }
            reply.headers().forEach(exchange.getResponseHeaders()::set);
            byte[] bytes =
                reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
              exchange.getResponseBody().write(bytes);
            }
          }
        });
    server.setExecutor(executor);
    server.start();
  }

  /** Starts a server answering with {@code responder}. */
  public static TestServer start(Responder responder) throws IOException {
    return new TestServer(responder);
  }

  /** A server that holds every request until {@code release} opens (at most 10 s), then 200. */
  public static TestServer hanging(java.util.concurrent.CountDownLatch release) throws IOException {
    return start(
        (r, n) -> {
          release.await(10, java.util.concurrent.TimeUnit.SECONDS);
          return Reply.json(200, "{}");
        });
  }

  /** A client that never uses a proxy, for calling hosts under test. */
  public static java.net.http.HttpClient directClient() {
    return java.net.http.HttpClient.newBuilder()
        .proxy(java.net.http.HttpClient.Builder.NO_PROXY)
        .build();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI base() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<Recorded> requests() {
    return requests;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
