package com.zenith.functions.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zenith.functions.local.events.EventBroker;
import com.zenith.functions.local.gateway.ControlApi;
import java.io.IOException;
import java.util.List;
import java.util.Map;
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
  public Answer ingest(
      String namespace, String name, Map<String, List<String>> headers, byte[] body) {
    EventBroker.Ingest i = broker.ingest(namespace, name, headers, body);
    var node = json.createObjectNode();
    if (i.status() == 202) {
      node.put("id", i.id()).put("status", "accepted");
    } else {
      node.put("error", i.message());
    }
    return new Answer(i.status(), node.toString());
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
