package com.zenith.functions.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.zenith.functions.api.naming.BuildIdentity;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.source.GitBasicAuth;
import com.zenith.functions.api.source.GitRevisions;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.local.realize.FunctionRunner;
import com.zenith.functions.local.realize.Realizer;
import com.zenith.functions.local.source.GitLsRemote;
import com.zenith.functions.local.store.ResourceType;
import com.zenith.functions.local.store.Store;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code --git-poll}: the local twin of the operator's git polling. Every interval, each Function
 * whose last build came from a git clone and whose revision can move (the API module's {@link
 * GitRevisions#canMove}) is resolved with {@code git ls-remote}, with the credentials of its {@code
 * gitAuthSecretName} Secret read from the store when it names one; a new commit rebuilds it (the
 * clone fetches it) and the new build swaps in once ready. Runs on one daemon thread of its own.
 */
final class GitPolling implements AutoCloseable {
  private final Supplier<Realizer> realizer;
  private final Store store;
  private final Consumer<String> say;
  private final GitLsRemote remote = new GitLsRemote(20);
  private final ScheduledExecutorService timer;
  // By namespace/name: the commit a rebuild was last asked for (not asked again while it builds,
  // nor again and again when it fails), and the last failure said (said once, not every poll).
  private final Map<String, String> asked = new ConcurrentHashMap<>();
  private final Map<String, String> failures = new ConcurrentHashMap<>();

  GitPolling(Duration interval, Supplier<Realizer> realizer, Store store, Consumer<String> say) {
    this.realizer = realizer;
    this.store = store;
    this.say = say;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "zenith-git-poll");
              t.setDaemon(true);
              return t;
            });
    long ms = interval.toMillis();
    timer.scheduleWithFixedDelay(this::pollAll, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void pollAll() {
    Realizer r = realizer.get();
    if (r == null) {
      return;
    }
    r.runners().forEach(this::poll);
    asked.keySet().retainAll(r.runners().keySet());
    failures.keySet().retainAll(r.runners().keySet());
  }

  private void poll(String key, FunctionRunner runner) {
    FunctionRunner.GitBuilt built = runner.gitBuilt();
    if (built == null) {
      return; // not built yet, or from a local directory
    }
    BuildIdentity id = BuildIdentity.of(built.fn(), "");
    if (!GitRevisions.canMove(id.gitRevision())) {
      return;
    }
    String commit;
    try {
      commit = remote.commit(id.gitRepo(), id.gitRevision(), credentials(built.fn()));
    } catch (IOException | IllegalArgumentException e) {
      if (!e.getMessage().equals(failures.put(key, e.getMessage()))) {
        say.accept(key + ": cannot follow revision " + id.gitRevision() + ": " + e.getMessage());
      }
      return;
    }
    failures.remove(key);
    if (commit.equals(built.commit()) || commit.equals(asked.get(key))) {
      return;
    }
    asked.put(key, commit);
    runner.rebuild("revision " + id.gitRevision() + " moved to " + commit);
  }

  /** The credentials of the Function's git Secret, read from the store now; null: none. */
  private GitBasicAuth credentials(Function fn) {
    String name = fn.getSpec().gitAuthSecretName();
    if (name == null || name.isEmpty()) {
      return null;
    }
    JsonNode data =
        store
            .get(ResourceType.SECRET, FunctionNames.namespace(fn), name)
            .map(s -> s.path("data"))
            .orElse(null);
    if (data == null) {
      throw new IllegalArgumentException("its git Secret " + name + " does not exist");
    }
    Map<String, String> values = new HashMap<>();
    data.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
    return GitBasicAuth.fromSecretData(values).orElse(null);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
