package com.zenith.functions.operator.git;

import com.zenith.functions.api.naming.BuildIdentity;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.source.GitRevisions;
import com.zenith.functions.api.v1alpha1.Function;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the git revisions of Functions that can move (branches, tags): resolves each to a commit
 * with {@code git ls-remote} when first seen and then every poll interval, and takes the commit a
 * verified push webhook reports. When a Function's commit changes, the listener is told, so the
 * Function is reconciled and builds the new commit. Resolution runs on two daemon threads of its
 * own, never on a reconcile thread.
 */
public final class GitRevisionTracker implements AutoCloseable {

  /** What is known of a Function's revision. */
  public sealed interface State permits Pending, Resolved, Unresolved {}

  /** The first resolution has not finished yet. */
  public record Pending() implements State {}

  /** The revision points at {@code commit}. */
  public record Resolved(String commit) implements State {}

  /** The revision could not be resolved (or polling is off and no webhook said); built as is. */
  public record Unresolved(String reason) implements State {}

  /** Where credentials come from: the Function's git Secret, read when needed. */
  @FunctionalInterface
  public interface CredentialSource {
    /** The credentials in Secret {@code name} of {@code namespace}, or null. */
    GitRemote.Credentials read(String namespace, String name);
  }

  private record Tracked(String repo, String revision, String secret, State state) {
    boolean sameSource(Tracked o) {
      return o != null
          && repo.equals(o.repo)
          && revision.equals(o.revision)
          && Objects.equals(secret, o.secret);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(GitRevisionTracker.class);
  private static final Unresolved NOT_POLLED =
      new Unresolved("polling is off and no push webhook reported a commit yet");

  private final Duration interval;
  private final GitRemote remote;
  private final CredentialSource credentials;
  private final Map<ResourceID, Tracked> tracked = new ConcurrentHashMap<>();
  private final ScheduledExecutorService pool;
  private volatile Consumer<ResourceID> listener = id -> {};
  private volatile Predicate<ResourceID> exists = id -> true;

  /**
   * A tracker polling every {@code interval} (zero: only webhooks), asking remotes through {@code
   * remote} with credentials from {@code credentials}.
   */
  public GitRevisionTracker(Duration interval, GitRemote remote, CredentialSource credentials) {
    this.interval = interval;
    this.remote = remote;
    this.credentials = credentials;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "zenith-git-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts polling. {@code listener} is told which Function's commit changed; {@code exists} says
   * whether a Function still exists (deleted ones are forgotten at the next poll).
   */
  public void start(Consumer<ResourceID> listener, Predicate<ResourceID> exists) {
    this.listener = listener;
    this.exists = exists;
    if (polling()) {
      long ms = interval.toMillis();
      pool.scheduleWithFixedDelay(this::pollAll, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  /** Whether revisions are resolved by polling (else only by webhooks). */
  public boolean polling() {
    return !interval.isZero() && !interval.isNegative();
  }

  /**
   * What is known of the Function's revision, registering it on first sight (and resolving it at
   * once when polling). Null when its revision cannot move (a full commit id).
   */
  public State state(Function fn) {
    BuildIdentity id = BuildIdentity.of(fn, "");
    if (!GitRevisions.canMove(id.gitRevision())) {
      return null;
    }
    ResourceID key = ResourceID.fromResource(fn);
    Tracked want =
        new Tracked(
            id.gitRepo(),
            id.gitRevision(),
            fn.getSpec().gitAuthSecretName(),
            polling() ? new Pending() : NOT_POLLED);
    Tracked now = tracked.compute(key, (k, old) -> want.sameSource(old) ? old : want);
    if (now == want && polling()) {
      pool.execute(() -> resolve(key));
    }
    return now.state();
  }

  /**
   * A verified push: every Function built from {@code repoUrl} whose revision is {@code ref} now
   * points at {@code commit}. Returns how many Functions follow that ref.
   */
  public int pushed(java.util.Collection<String> repoUrls, String ref, String commit) {
    var keys =
        repoUrls.stream().map(RepositoryUrls::key).collect(java.util.stream.Collectors.toSet());
    int matched = 0;
    for (var e : tracked.entrySet()) {
      Tracked t = e.getValue();
      if (keys.contains(RepositoryUrls.key(t.repo()))
          && GitRevisions.candidateRefs(t.revision()).contains(ref)) {
        matched++;
        update(e.getKey(), t, new Resolved(commit));
      }
    }
    return matched;
  }

  private void pollAll() {
    for (ResourceID key : tracked.keySet()) {
      if (!exists.test(key)) {
        tracked.remove(key);
      } else {
        resolve(key);
      }
    }
  }

  private void resolve(ResourceID key) {
    Tracked t = tracked.get(key);
    if (t == null) {
      return;
    }
    State next;
    try {
      GitRemote.Credentials creds =
          t.secret() == null || t.secret().isEmpty()
              ? null
              : credentials.read(
                  key.getNamespace().orElse(FunctionNames.DEFAULT_NAMESPACE), t.secret());
      next = new Resolved(remote.resolve(t.repo(), t.revision(), creds));
    } catch (GitRemote.GitRemoteException | RuntimeException e) {
      next = new Unresolved(e.getMessage());
    }
    update(key, t, next);
  }

  /** Replaces the state if the entry is still the one resolved, and tells the listener. */
  private void update(ResourceID key, Tracked seen, State next) {
    Tracked after =
        tracked.computeIfPresent(
            key,
            (k, cur) ->
                cur.sameSource(seen)
                    ? new Tracked(cur.repo(), cur.revision(), cur.secret(), next)
                    : cur);
    if (after == null || after.state() != next || next.equals(seen.state())) {
      return;
    }
    if (next instanceof Resolved r) {
      LOG.info(
          "git revision function={}/{} revision={} commit={}",
          key.getNamespace().orElse(""),
          key.getName(),
          seen.revision(),
          r.commit());
    } else if (next instanceof Unresolved u && !(seen.state() instanceof Unresolved)) {
      LOG.warn(
          "git revision not resolved function={}/{} revision={} reason={}",
          key.getNamespace().orElse(""),
          key.getName(),
          seen.revision(),
          u.reason());
    }
    listener.accept(key);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
