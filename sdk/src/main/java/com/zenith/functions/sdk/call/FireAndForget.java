package com.zenith.functions.sdk.call;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Fire-and-forget: a bounded queue of calls sent by virtual-thread workers, with counters; a full
 * queue drops the call (counted and logged) instead of blocking the caller.
 */
final class FireAndForget {
  private static final System.Logger LOG = System.getLogger("com.zenith.functions.sdk.call");

  private final BlockingQueue<CallEngine.Call> queue;
  private final int workers;
  private final Consumer<CallEngine.Call> send;
  private final List<Thread> workerThreads = new ArrayList<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicInteger pending = new AtomicInteger();
  private volatile boolean closed;

  /** Sends the calls of {@code queue} with {@code send} (which throws when a call fails). */
  FireAndForget(BlockingQueue<CallEngine.Call> queue, int workers, Consumer<CallEngine.Call> send) {
    this.queue = queue;
    this.workers = workers;
    this.send = send;
  }

  /** Queues a call; false (counted, logged) when the queue is full. */
  boolean submit(CallEngine.Call call) {
    if (closed) {
      throw new IllegalStateException("the SDK is closed");
    }
    startWorkers();
    // Counted before it is queued: a worker may take and finish it before offer() returns, and
    // drain() must never see 0 while a call is queued.
    accepted.incrementAndGet();
    pending.incrementAndGet();
    if (!queue.offer(call)) {
      pending.decrementAndGet();
      accepted.decrementAndGet();
      long n = dropped.incrementAndGet();
      if (n == 1 || n % 100 == 0) {
        LOG.log(
            Level.WARNING,
            "fire-and-forget queue full ({0} queued): dropped {1} {2} to {3} ({4} dropped so far)",
            queue.size(),
            call.method(),
            call.uri(),
            call.target(),
            n);
      }
      return false;
    }
    return true;
  }

  /** The counters. */
  FireAndForgetStats stats() {
    return new FireAndForgetStats(
        accepted.get(), succeeded.get(), failed.get(), dropped.get(), pending.get());
  }

  /**
   * Waits until every accepted send has finished, at most {@code timeout}; true when none is left.
   */
  boolean drain(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return pending.get() == 0;
  }

  /** Stops the workers; queued sends are abandoned. */
  void close() {
    closed = true;
    synchronized (workerThreads) {
      workerThreads.forEach(Thread::interrupt);
    }
  }

  private void startWorkers() {
    synchronized (workerThreads) {
      if (!workerThreads.isEmpty() || closed) {
        return;
      }
      var factory = Thread.ofVirtual().name("zenith-fire-and-forget-", 0).factory();
      for (int i = 0; i < workers; i++) {
        Thread t = factory.newThread(this::work);
        workerThreads.add(t);
        t.start();
      }
    }
  }

  private void work() {
    while (!closed) {
      CallEngine.Call call;
      try {
        call = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        send.accept(call);
        succeeded.incrementAndGet();
      } catch (RuntimeException e) {
        failed.incrementAndGet();
        LOG.log(Level.WARNING, "fire-and-forget failed: " + e.getMessage());
      } finally {
        pending.decrementAndGet();
      }
    }
  }
}
