package com.zenith.functions.operator;

import com.zenith.functions.operator.git.GitCredentials;
import com.zenith.functions.operator.git.GitRemote;
import com.zenith.functions.operator.git.GitRevisionTracker;
import com.zenith.functions.operator.git.GitWebhook;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process: registers {@link FunctionReconciler}, serves /healthz, /readyz and
 * /metrics, takes the leader Lease when asked, and stops cleanly on SIGTERM.
 */
public final class FunctionOperator {

  private static final Logger LOG = LoggerFactory.getLogger(FunctionOperator.class);

  /** The network timeout of one git ls-remote. */
  static final int GIT_TIMEOUT_SECONDS = 20;

  private final Operator operator;
  private final FunctionReconciler reconciler;
  private final GitRevisionTracker revisions;
  private final GitWebhook webhook;
  private final AtomicBoolean stopping;

  private FunctionOperator(
      Operator operator,
      FunctionReconciler reconciler,
      GitRevisionTracker revisions,
      GitWebhook webhook,
      AtomicBoolean stopping) {
    this.operator = operator;
    this.reconciler = reconciler;
    this.revisions = revisions;
    this.webhook = webhook;
    this.stopping = stopping;
  }

  /** Builds (does not start) the operator for a cluster with every optional part. */
  public static FunctionOperator create(
      KubernetesClient client, OperatorConfig config, MeterRegistry registry, Clock clock) {
    return create(client, config, ClusterCapabilities.all(), registry, clock);
  }

  /**
   * Builds (does not start) the operator. Server-side apply is off for dependents and for the
   * primary's status, in production as in the tests, so the tested path is the shipped one.
   */
  public static FunctionOperator create(
      KubernetesClient client,
      OperatorConfig config,
      ClusterCapabilities capabilities,
      MeterRegistry registry,
      Clock clock) {
    AtomicBoolean stopping = new AtomicBoolean();
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withCloseClientOnStop(false)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
              if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(leaderElection(config, stopping));
              }
            });
    GitRevisionTracker revisions =
        new GitRevisionTracker(
            config.runtime().gitPollInterval(),
            new GitRemote(GIT_TIMEOUT_SECONDS),
            new GitCredentials(client));
    FunctionReconciler reconciler =
        new FunctionReconciler(
            config.children(), capabilities, revisions, config.runtime().recheckInterval(), clock);
    operator.register(
        reconciler,
        o -> {
          if (!config.namespaces().isEmpty()) {
            o.settingNamespaces(config.namespaces());
          }
        });
    for (String state : List.of("True", "False", "Unknown")) {
      Gauge.builder("zenith_functions", reconciler, r -> r.countByReady().getOrDefault(state, 0L))
          .description("Functions by the status of their Ready condition")
          .tag("ready", state)
          .register(registry);
    }
    return new FunctionOperator(
        operator,
        reconciler,
        revisions,
        new GitWebhook(config.runtime().webhookSecret(), revisions),
        stopping);
  }

  /**
   * Leader election on the Lease {@link OperatorConfig#LEASE_NAME}. Losing the Lease while running
   * exits the process (another replica leads; Kubernetes restarts this one), but a shutdown that
   * releases it does not: JOSDK's own exit-on-stop would call System.exit inside the SIGTERM hook,
   * which blocks the JVM until it is killed.
   */
  private static LeaderElectionConfiguration leaderElection(
      OperatorConfig config, AtomicBoolean stopping) {
    var callbacks =
        new LeaderCallbacks(
            () -> LOG.info("leading lease={}", OperatorConfig.LEASE_NAME),
            () -> {
              if (!stopping.get()) {
                LOG.error("lost the lease {}; exiting", OperatorConfig.LEASE_NAME);
                System.exit(1);
              }
            },
            leader -> LOG.info("leader identity={}", leader));
    return new LeaderElectionConfiguration(
        OperatorConfig.LEASE_NAME,
        config.leaseNamespace(),
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        null,
        callbacks,
        false);
  }

  /** The JOSDK operator. */
  public Operator operator() {
    return operator;
  }

  /** The reconciler. */
  public FunctionReconciler reconciler() {
    return reconciler;
  }

  /** The push webhook, for the HTTP server. */
  public GitWebhook webhook() {
    return webhook;
  }

  /** Starts watching and reconciling. */
  public void start() {
    operator.start();
  }

  /** Stops, letting running reconciles finish, and releases the Lease. */
  public void stop() {
    stopping.set(true);
    operator.stop();
    revisions.close();
  }

  /**
   * Entry point of the operator image. Anything that keeps the operator from starting (bad
   * configuration, an unreachable API server, a missing required CRD, an informer that cannot
   * start) is logged as one line and exits with status 1, so the pod fails at once instead of
   * sitting Running but not ready.
   */
  public static void main(String[] args) throws InterruptedException {
    try {
      run(OperatorConfig.fromEnv(System.getenv()), new KubernetesClientBuilder().build());
    } catch (StartupCheck.StartupException | RuntimeException | IOException e) {
      String why = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
      LOG.error("cannot start: {}", why.replaceAll("\\s*\\R\\s*", " ").strip());
      LOG.debug("cannot start", e);
      System.exit(1);
    }
  }

  /**
   * Runs the operator with {@code client} until the JVM is asked to stop (SIGTERM, Ctrl-C): the
   * image's entry point, and {@code zenith operator} against a kubeconfig.
   */
  public static void run(OperatorConfig config, KubernetesClient client)
      throws StartupCheck.StartupException, IOException, InterruptedException {
    ClusterCapabilities capabilities = StartupCheck.discover(client);
    LOG.info(
        "cluster server={} eventing={} instrumentation={}",
        client.getConfiguration().getMasterUrl(),
        capabilities.eventing(),
        capabilities.instrumentation());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FunctionOperator fo = create(client, config, capabilities, registry, Clock.systemUTC());
    OperatorHttpServer http =
        OperatorHttpServer.start(
            config.httpPort(), fo.operator().getRuntimeInfo(), registry, fo.webhook());
    try {
      fo.start();
    } catch (RuntimeException e) {
      http.stop(); // its dispatcher is not a daemon thread: it would keep the JVM alive
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("shutting down");
                  fo.stop();
                  http.stop();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    LOG.info(
        "started namespaces={} leaderElection={} httpPort={}",
        config.namespaces().isEmpty() ? "all" : config.namespaces(),
        config.leaderElection(),
        config.httpPort());
    stopped.await();
  }
}
