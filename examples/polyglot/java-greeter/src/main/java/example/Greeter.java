package example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** First hop: greets, then asks go-enricher (by its cluster URL) to enrich the greeting. */
public final class Greeter {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  public static void main(String[] args) throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    String host = System.getenv().getOrDefault("HOST", "0.0.0.0");
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    String ns = System.getenv().getOrDefault("POD_NAMESPACE", "default");
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 512);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", ex -> handle(ex, ns));
    server.start();
    System.out.println("java-greeter listening on " + host + ":" + port);
  }

  private static void handle(HttpExchange ex, String ns) throws IOException {
    String query = ex.getRequestURI().getRawQuery();
    String name = query != null && query.startsWith("name=") ? query.substring(5) : "world";
    String next = "http://go-enricher." + ns + ".svc.cluster.local/enrich?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    int status;
    String body;
    try {
      HttpResponse<String> res = CLIENT.send(HttpRequest.newBuilder(URI.create(next)).build(), HttpResponse.BodyHandlers.ofString());
      status = res.statusCode() == 200 ? 200 : 502;
      // Prepend this hop to the chain the next hops returned.
      body = res.statusCode() == 200
          ? res.body().replaceFirst("\"chain\":\\s*\\[", "\"chain\":[\"java-greeter (java)\",")
          : "{\"error\":\"go-enricher answered " + res.statusCode() + "\",\"detail\":" + res.body() + "}";
    } catch (IOException | InterruptedException e) {
      status = 502;
      body = "{\"error\":\"cannot reach go-enricher: " + e.getMessage() + "\"}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }
}
