package com.zenith.functions.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The journal form read back straight into a builder gives the same event as the CloudEvents SDK's
 * JSON format reading the same record, and as the event written.
 */
class EventRecordsTest {
  private static List<CloudEvent> events() {
    return List.of(
        CloudEventBuilder.v1().withId("1").withSource(URI.create("/s")).withType("t").build(),
        CloudEventBuilder.v1()
            .withId("2")
            .withSource(URI.create("https://example.com/orders"))
            .withType("order.placed")
            .withDataContentType("application/json")
            .withDataSchema(URI.create("https://example.com/schema"))
            .withSubject("order-7")
            .withTime(OffsetDateTime.parse("2026-12-02T15:04:05.123+01:00"))
            .withExtension("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .withExtension("count", 42)
            .withExtension("urgent", true)
            .withExtension("note", "café ✓ 𝄞")
            .withData("{\"amount\":12.5}".getBytes(StandardCharsets.UTF_8))
            .build(),
        CloudEventBuilder.v1()
            .withId("3")
            .withSource(URI.create("urn:bench"))
            .withType("bin")
            .withDataContentType("application/octet-stream")
            .withData(new byte[] {0, (byte) 0xff, 10, 13})
            .build());
  }

  @Test
  void aRecordReadsBackAsTheEventWrittenAndAsTheSdksFormatReadsIt() throws Exception {
    for (CloudEvent e : events()) {
      var record = EventRecords.toRecord(e);
      CloudEvent direct = EventRecords.fromRecord(record);
      assertThat(direct).as(e.getId()).isEqualTo(EventRecords.viaFormat(record)).isEqualTo(e);
    }
  }

  @Test
  void aRecordOfAnOlderJournalWithJsonDataIsReadByTheFormat() throws Exception {
    var record =
        new ObjectMapper()
            .readTree(
                "{\"specversion\":\"1.0\",\"id\":\"4\",\"source\":\"/s\",\"type\":\"t\","
                    + "\"datacontenttype\":\"application/json\",\"data\":{\"a\":1}}");
    CloudEvent e = EventRecords.fromRecord(record);
    assertThat(new String(e.getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
  }

  @Test
  void aRecordWithoutARequiredAttributeIsRefusedWithTheReason() throws Exception {
    var record =
        new ObjectMapper().readTree("{\"specversion\":\"1.0\",\"id\":\"5\",\"type\":\"t\"}");
    var refused =
        assertThrows(EventCodec.InvalidEventException.class, () -> EventRecords.fromRecord(record));
    assertThat(refused.getMessage()).startsWith("not a readable event");
  }
}
