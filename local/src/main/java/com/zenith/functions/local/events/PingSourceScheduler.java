package com.zenith.functions.local.events;

import com.zenith.functions.api.schedule.CronSchedule;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Knative's PingSource under zenith dev: on each tick of its cron schedule (UTC), publishes a
 * {@code dev.knative.sources.ping} event with the source's data to its broker.
 */
public final class PingSourceScheduler implements AutoCloseable {
  /** What the PingSource says. */
  public record Spec(
      String namespace,
      String name,
      CronSchedule schedule,
      String data,
      String contentType,
      String broker) {}

  private final Spec spec;
  private final EventBroker broker;
  private final Consumer<String> log;
  private volatile Thread thread;

  /** A scheduler for one PingSource publishing into {@code broker}. */
  public PingSourceScheduler(Spec spec, EventBroker broker, Consumer<String> log) {
    this.spec = spec;
    this.broker = broker;
    this.log = log;
  }

  /** Starts ticking. */
  public void start() {
    thread = Thread.ofVirtual().name("ping-" + spec.name()).start(this::loop);
  }

  private void loop() {
    while (!Thread.currentThread().isInterrupted()) {
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      ZonedDateTime next = spec.schedule().next(now);
      try {
        Thread.sleep(Duration.between(now, next));
      } catch (InterruptedException e) {
        return;
      }
      fire(next.toOffsetDateTime());
    }
  }

  /** Publishes one ping event for the tick at {@code time}; returns it. */
  public CloudEvent fire(OffsetDateTime time) {
    CloudEvent event =
        CloudEventBuilder.v1()
            .withId(UUID.randomUUID().toString())
            .withSource(
                URI.create(
                    "/apis/v1/namespaces/" + spec.namespace() + "/pingsources/" + spec.name()))
            .withType("dev.knative.sources.ping")
            .withTime(time)
            .withDataContentType(spec.contentType())
            .withData(spec.data().getBytes(StandardCharsets.UTF_8))
            .build();
    broker
        .publish(spec.namespace(), spec.broker(), event)
        .whenComplete(
            (v, e) ->
                log.accept(
                    "pingsource "
                        + spec.name()
                        + (e == null
                            ? " sent " + event.getId()
                            : " could not send: " + e.getMessage())));
    return event;
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.interrupt();
    }
  }
}
