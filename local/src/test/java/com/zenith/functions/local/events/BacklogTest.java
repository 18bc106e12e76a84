package com.zenith.functions.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What one trigger's backlog keeps in memory, without I/O: the bounds in number and in bytes hold
 * however read-backs and deliveries interleave, and the order is the order of arrival.
 */
class BacklogTest {
  private static final Trigger TRIGGER = new Trigger("default", "default", "sub", Map.of());
  private static final CloudEvent EVENT =
      CloudEventBuilder.v1().withId("e").withSource(URI.create("test")).withType("t").build();

  private static Dispatcher.Delivery delivery(long seq, int length) {
    return new Dispatcher.Delivery(seq, EVENT, TRIGGER, seq * 100_000, length);
  }

  /** Reads back what the backlog asks for, as the loader would, until it asks for nothing. */
  private static void settle(Backlog b, long maxBytes, int maxHeld) {
    for (List<Dispatcher.Delivery> next; (next = b.toReadBack()) != null; ) {
      List<Dispatcher.Delivery> loaded = new ArrayList<>();
      next.forEach(d -> loaded.add(d.with(EVENT)));
      b.readBack(next, loaded);
      assertThat(b.held()).as("events held").isLessThanOrEqualTo(maxHeld);
    }
    assertThat(b.heldBytes()).as("bytes held").isLessThanOrEqualTo(maxBytes);
  }

  @Test
  void largeEventsAreHeldByTheirBytesWhileNothingIsDelivered() {
    Backlog b = new Backlog(new EventLimits(4L << 20, 16L << 20, 1000, 100, 100_000));
    for (int i = 0; i < 60; i++) {
      b.add(delivery(i, 40_000));
    }
    settle(b, 100_000, 2);
    assertThat(b.size()).isEqualTo(60);
  }

  @Test
  void smallEventsAreHeldByTheirNumberAndComeOutInOrder() {
    Backlog b = new Backlog(new EventLimits(4L << 20, 16L << 20, 1000, 8, 1 << 20));
    for (int i = 0; i < 50; i++) {
      b.add(delivery(i, 100));
    }
    List<Long> out = new ArrayList<>();
    while (b.size() > 0) {
      settle(b, 800, 8);
      Dispatcher.Delivery d = b.poll();
      if (d != null) {
        out.add(d.seq());
      }
      b.add(delivery(1000 + out.size(), 100)); // arrivals keep coming while it drains
      if (out.size() == 50) {
        break;
      }
    }
    assertThat(out)
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 50).boxed().toList());
  }

  @Test
  void oneEventLargerThanTheWholeBoundIsReadBackOnceNothingElseIsHeld() {
    Backlog b = new Backlog(new EventLimits(4L << 20, 16L << 20, 1000, 8, 1_000));
    b.add(delivery(0, 600));
    b.add(delivery(1, 5_000));
    b.add(delivery(2, 600));
    assertThat(b.held()).isEqualTo(1);
    settle(b, 1_000, 1);
    assertThat(b.poll().seq()).isZero();
    settle(b, 5_000, 1);
    assertThat(b.poll().seq()).isEqualTo(1);
    settle(b, 1_000, 1);
    assertThat(b.poll().seq()).isEqualTo(2);
    assertThat(b.size()).isZero();
  }
}
