package com.zenith.functions.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryLogTest {
  private final Trigger trigger = new Trigger("default", "default", "sub", Map.of());

  @Test
  void keepsTheLastTenThousandAttemptsOldestFirstWithTheirSequenceNumbers() {
    DeliveryLog log = new DeliveryLog();
    for (int n = 1; n <= 10_005; n++) {
      log.add("e" + n, "t", trigger, 200, 1, "delivered");
    }
    List<DeliveryRecord> all = log.since(0);
    assertThat(all).hasSize(10_000);
    assertThat(all.get(0).seq()).isEqualTo(6);
    assertThat(all.get(0).id()).isEqualTo("e6");
    assertThat(all.get(9_999).seq()).isEqualTo(10_005);
    assertThat(all.get(9_999).id()).isEqualTo("e10005");
    assertThat(log.since(10_003))
        .extracting(DeliveryRecord::id)
        .containsExactly("e10004", "e10005");
    assertThat(log.since(10_005)).isEmpty();
  }

  @Test
  void sinceTheLargestSequenceNumberIsEmpty() {
    DeliveryLog log = new DeliveryLog();
    log.add("e1", "t", trigger, 200, 1, "delivered");
    assertThat(log.since(Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void aRecordSaysWhenWhatAndToWhom() {
    DeliveryLog log = new DeliveryLog();
    long before = System.currentTimeMillis();
    log.add("e1", new String("com.example.paid"), trigger, -1, 3, "dead-lettered: HTTP 500");
    DeliveryRecord r = log.since(0).get(0);
    assertThat(r.seq()).isEqualTo(1);
    assertThat(r.type()).isEqualTo("com.example.paid");
    assertThat(r.trigger()).isEqualTo("default/sub-trigger");
    assertThat(r.subscriber()).isEqualTo("sub");
    assertThat(r.status()).isEqualTo(-1);
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(r.outcome()).isEqualTo("dead-lettered: HTTP 500");
    assertThat(Instant.parse(r.time()).toEpochMilli())
        .isBetween(before, System.currentTimeMillis());
  }

  @Test
  void eventsOfOneTypeShareOneTypeString() {
    DeliveryLog log = new DeliveryLog();
    log.add("e1", new String("t.a"), trigger, 200, 1, "delivered");
    log.add("e2", new String("t.a"), trigger, 200, 1, "delivered");
    List<DeliveryRecord> rs = log.since(0);
    assertThat(rs.get(0).type()).isSameAs(rs.get(1).type());
  }
}
