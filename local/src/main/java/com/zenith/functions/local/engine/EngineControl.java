package com.zenith.functions.local.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zenith.functions.local.events.EventBroker;
import com.zenith.functions.local.gateway.ControlApi;
import com.zenith.functions.local.status.FunctionView;
import com.zenith.functions.local.traces.TracesApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The gateway's engine endpoints under {@code /_zenith/}: function status and the broker's ingress
 * and records, traces and the call graph, for the CLI; they need the API's bearer token, like the
 * API itself.
 */
public final class EngineControl implements ControlApi {
  private final ObjectMapper json = new ObjectMapper();
  private final Supplier<List<FunctionView>> functions;
  private final EventBroker broker;
  private final String token;
  private final TracesApi traces;
  private final String session;
  private final Path logs;

  /**
   * Endpoints over these functions and broker, needing {@code token}; logs are under {@code logs};
   * an empty span store and call graph.
   */
  public EngineControl(
      Supplier<List<FunctionView>> functions, EventBroker broker, String token, Path logs) {
    this(
        functions,
        broker,
        token,
        logs,
        new TracesApi(
            new com.zenith.functions.local.traces.SpanStore(),
            new com.zenith.functions.local.traces.CallGraph()));
  }

  /** Endpoints as above, answering traces and the graph from {@code traces}. */
  public EngineControl(
      Supplier<List<FunctionView>> functions,
      EventBroker broker,
      String token,
      Path logs,
      TracesApi traces) {
    this.functions = functions;
    this.broker = broker;
    this.token = token;
    this.session = sessionOf(token);
    this.logs = logs;
    this.traces = traces;
  }

  /**
   * The dashboard's cookie: derived from the token, so it survives a restart of the engine as the
   * token does, yet is not the token (the cookie reaches every server on the loopback address, and
   * must not grant the Kubernetes API).
   */
  private static String sessionOf(String token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of()
          .formatHex(mac.doFinal("zenith dashboard session".getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("no HmacSHA256 in this JDK", e);
    }
  }

  @Override
  public String dashboardSession() {
    return session;
  }

  @Override
  public Path logFile(String namespace, String name, boolean build) {
    // Only a known function's file: the names come from a URL.
    boolean known =
        functions.get().stream()
            .anyMatch(f -> f.namespace().equals(namespace) && f.name().equals(name));
    return known ? logs.resolve(namespace).resolve(name + (build ? "-build.log" : ".log")) : null;
  }

  @Override
  public boolean authorized(String authorization) {
    return authorization != null
        && java.security.MessageDigest.isEqual(
            authorization.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            ("Bearer " + token).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public String functionsJson() {
    try {
      return json.writeValueAsString(Map.of("functions", functions.get()));
    } catch (IOException e) {
      return "{\"functions\":[]}";
    }
  }

  @Override
  public CompletionStage<Answer> ingest(
      String namespace, String name, Map<String, List<String>> headers, byte[] body) {
    return broker
        .ingest(namespace, name, headers, body)
        .thenApply(
            i -> {
              var node = json.createObjectNode();
              if (i.status() == 202) {
                if (i.ids().size() == 1) {
                  node.put("id", i.id());
                } else {
                  var ids = node.putArray("ids");
                  i.ids().forEach(ids::add);
                }
                node.put("status", "accepted");
              } else {
                node.put("error", i.message());
              }
              return new Answer(i.status(), node.toString());
            });
  }

  @Override
  public long ingestLimit(String contentType) {
    return broker.limits().bodyLimit(contentType);
  }

  @Override
  public Answer deliveries(long since) {
    return encode(() -> broker.deliveriesSince(since));
  }

  @Override
  public Answer deadLetters(boolean replay) {
    if (replay) {
      return new Answer(
          200, json.createObjectNode().put("replayed", broker.replayDeadLetters()).toString());
    }
    return encode(broker::deadLetters);
  }

  @Override
  public Answer traces(String since, String function, String limit) {
    java.time.Duration window = null;
    int max = TracesApi.DEFAULT_LIMIT;
    try {
      if (since != null && !since.isBlank()) {
        window = TracesApi.parseDuration(since);
      }
      if (limit != null && !limit.isBlank()) {
        max = Integer.parseInt(limit.strip());
        if (max < 1) {
          throw new NumberFormatException();
        }
      }
    } catch (NumberFormatException e) {
      return badRequest("limit must be a positive whole number, got '" + limit + "'");
    } catch (IllegalArgumentException e) {
      return badRequest("since: " + e.getMessage());
    }
    return new Answer(
        200, traces.traces(window, function == null || function.isBlank() ? null : function, max));
  }

  @Override
  public Answer graph() {
    return new Answer(200, traces.graph());
  }

  private Answer badRequest(String message) {
    return new Answer(400, json.createObjectNode().put("error", message).toString());
  }

  private Answer encode(Supplier<Object> value) {
    try {
      return new Answer(200, json.writeValueAsString(value.get()));
    } catch (IOException e) {
      return new Answer(500, "{\"error\":\"cannot encode the answer\"}");
    }
  }
}
