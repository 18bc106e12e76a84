package com.zenith.functions.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One periodic check for every call's deadline on an event loop. */
class DeadlinesTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private final class Named extends Deadlines.Entry {
    final String name;
    final List<String> expired;

    Named(String name, List<String> expired) {
      this.name = name;
      this.expired = expired;
    }

    @Override
    void expire() {
      expired.add(name);
    }
  }

  private <T> T onLoop(java.util.function.Supplier<T> action) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    vertx.runOnContext(v -> f.complete(action.get()));
    return f.get(5, TimeUnit.SECONDS);
  }

  @Test
  void anEntryExpiresOnceAfterItsDeadlineAndARemovedOneNever() throws Exception {
    List<String> expired = new CopyOnWriteArrayList<>();
    Deadlines deadlines = new Deadlines(vertx);
    long t0 = System.nanoTime();
    onLoop(
        () -> {
          long now = System.nanoTime();
          deadlines.add(new Named("soon", expired), now + TimeUnit.MILLISECONDS.toNanos(300));
          Named removed = new Named("removed", expired);
          deadlines.add(removed, now + TimeUnit.MILLISECONDS.toNanos(200));
          deadlines.add(new Named("later", expired), now + TimeUnit.SECONDS.toNanos(60));
          deadlines.remove(removed);
          deadlines.remove(removed); // twice: nothing
          return null;
        });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (expired.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(expired).containsExactly("soon");
    assertThat(millis).as("not before its deadline").isGreaterThanOrEqualTo(300);
    Thread.sleep(3 * Deadlines.TICK_MILLIS); // later ticks do not expire it again
    assertThat(expired).containsExactly("soon");
  }

  @Test
  void manyEntriesExpireInOneTickWithoutDisturbingTheOthers() throws Exception {
    List<String> expired = new CopyOnWriteArrayList<>();
    Deadlines deadlines = new Deadlines(vertx);
    onLoop(
        () -> {
          long now = System.nanoTime();
          for (int i = 0; i < 100; i++) {
            deadlines.add(
                new Named("n" + i, expired), now + (i % 2 == 0 ? 0 : TimeUnit.SECONDS.toNanos(60)));
          }
          return null;
        });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (expired.size() < 50 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(2 * Deadlines.TICK_MILLIS);
    assertThat(expired).hasSize(50).allMatch(n -> Integer.parseInt(n.substring(1)) % 2 == 0);
  }
}
