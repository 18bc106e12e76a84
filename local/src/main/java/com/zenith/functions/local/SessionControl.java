package com.zenith.functions.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zenith.functions.local.events.EventBroker;
import com.zenith.functions.local.gateway.ControlApi;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** The gateway's session endpoints: function status and the broker's ingress and records. */
final class SessionControl implements ControlApi {
  private final ObjectMapper json = new ObjectMapper();
  private final Supplier<String> functions;
  private final EventBroker broker;

  SessionControl(Supplier<String> functions, EventBroker broker) {
    this.functions = functions;
    this.broker = broker;
  }

  @Override
  public String functionsJson() {
    return functions.get();
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

  private Answer encode(Supplier<Object> value) {
    try {
      return new Answer(200, json.writeValueAsString(value.get()));
    } catch (IOException e) {
      return new Answer(500, "{\"error\":\"cannot encode the answer\"}");
    }
  }
}
