package com.zenith.functions.sdk.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.sdk.Json;
import com.zenith.functions.sdk.TestServer;
import com.zenith.functions.sdk.TestServer.Reply;
import com.zenith.functions.sdk.Zenith;
import com.zenith.functions.sdk.host.FunctionHost;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EventsTest {
  record Transaction(String account, double amount) {}

  @Test
  void publishesInBinaryModeToKSink() throws Exception {
    try (var broker = TestServer.start((r, n) -> new Reply(202, "", Map.of()));
        var z =
            Zenith.builder()
                .env(
                    Map.of(
                        "K_SINK",
                        broker.base() + "/default/default",
                        "K_SERVICE",
                        "transaction-processor"))
                .build()) {
      CloudEvent sent =
          z.events().publish("com.example.transaction.created", new Transaction("ACC-001", 100.5));
      var req = broker.requests().getFirst();
      assertThat(req.method()).isEqualTo("POST");
      assertThat(req.uri().getPath()).isEqualTo("/default/default");
      assertThat(req.header("ce-specversion")).isEqualTo("1.0");
      assertThat(req.header("ce-type")).isEqualTo("com.example.transaction.created");
      assertThat(req.header("ce-source")).isEqualTo("transaction-processor");
      assertThat(req.header("ce-id")).isEqualTo(sent.getId());
      assertThat(req.header("ce-time")).isNotBlank();
      assertThat(req.header("Content-Type")).isEqualTo("application/json");
      assertThat(req.header("Idempotency-Key")).isEqualTo(sent.getId());
      assertThat(req.bodyText()).isEqualTo("{\"account\":\"ACC-001\",\"amount\":100.5}");
    }
  }

  @Test
  void structuredModeAndTheBrokerIngressDefault() throws Exception {
    try (var z =
        Zenith.builder().env(Map.of("POD_NAMESPACE", "fin", "ZENITH_BROKER", "events")).build()) {
      assertThat(z.events().sink())
          .isEqualTo(
              URI.create("http://broker-ingress.knative-eventing.svc.cluster.local/fin/events"));
    }
    try (var broker = TestServer.start((r, n) -> new Reply(202, "", Map.of()));
        var z =
            Zenith.builder()
                .env(Map.of("K_SINK", broker.base().toString(), "ZENITH_EVENT_MODE", "structured"))
                .build()) {
      z.events().publish("t.created", Map.of("a", 1));
      var req = broker.requests().getFirst();
      assertThat(req.header("Content-Type")).isEqualTo("application/cloudevents+json");
      assertThat(req.header("ce-type")).isNull();
      var json = Json.mapper().readTree(req.body());
      assertThat(json.get("type").asText()).isEqualTo("t.created");
      assertThat(json.get("data").get("a").asInt()).isEqualTo(1);
    }
  }

  @Test
  void binaryRoundTripKeepsAttributesExtensionsAndOddCharacters() {
    CloudEvent event =
        CloudEventBuilder.v1()
            .withId("id-1")
            .withSource(URI.create("/fn/a"))
            .withType("t")
            .withSubject("café \"quoted\" 100%")
            .withTime(OffsetDateTime.parse("2025-01-15T10:30:00Z"))
            .withExtension("partitionkey", "ACC-001")
            .withData("application/json", "{}".getBytes(StandardCharsets.UTF_8))
            .build();
    var m = CloudEventsHttp.toBinary(event);
    assertThat(m.headers().get("ce-subject")).isEqualTo("caf%C3%A9%20%22quoted%22%20100%25");
    Map<String, List<String>> headers = new java.util.HashMap<>();
    m.headers().forEach((k, v) -> headers.put(k.toUpperCase(), List.of(v))); // any case
    CloudEvent back = CloudEventsHttp.read(headers, m.body());
    assertThat(back).isEqualTo(event);
  }

  @Test
  void hostReceivesBinaryAndStructuredEvents() throws Exception {
    List<CloudEvent> received = new CopyOnWriteArrayList<>();
    List<Transaction> typed = new CopyOnWriteArrayList<>();
    try (var z = Zenith.builder().env(Map.of("PORT", "0")).build();
        var http = TestServer.directClient()) {
      FunctionHost host =
          z.host()
              .onEvent(
                  "com.example.transaction.created",
                  Transaction.class,
                  t -> {
                    typed.add(t);
                    return null;
                  })
              .onEvent(
                  e -> {
                    received.add(e);
                    return null;
                  })
              .start();
      try {
        URI uri = URI.create("http://127.0.0.1:" + host.port() + "/");
        var binary =
            http.send(
                HttpRequest.newBuilder(uri)
                    .header("ce-specversion", "1.0")
                    .header("ce-id", "b-1")
                    .header("ce-source", "transaction-processor")
                    .header("ce-type", "com.example.transaction.created")
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"account\":\"ACC-001\",\"amount\":5}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(binary.statusCode()).isEqualTo(202);
        assertThat(typed).containsExactly(new Transaction("ACC-001", 5));

        String structured =
            "{\"specversion\":\"1.0\",\"id\":\"s-1\",\"source\":\"x\",\"type\":\"other\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"k\":\"v\"}}";
        var res =
            http.send(
                HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/cloudevents+json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(structured))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(202);
        assertThat(received).hasSize(1);
        assertThat(received.getFirst().getId()).isEqualTo("s-1");
        assertThat(received.getFirst().getType()).isEqualTo("other");
        assertThat(new String(received.getFirst().getData().toBytes(), StandardCharsets.UTF_8))
            .isEqualTo("{\"k\":\"v\"}");

        var notAnEvent =
            http.send(
                HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notAnEvent.statusCode()).isEqualTo(400);
        assertThat(notAnEvent.body()).contains("not a CloudEvent");
      } finally {
        host.stop();
      }
    }
  }
}
