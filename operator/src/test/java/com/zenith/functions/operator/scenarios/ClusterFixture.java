package com.zenith.functions.operator.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Conditions;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Condition;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.FunctionSpec;
import com.zenith.functions.operator.ClusterCapabilities;
import com.zenith.functions.operator.FunctionOperator;
import com.zenith.functions.operator.OperatorConfig;
import com.zenith.functions.operator.RuntimeSettings;
import com.zenith.functions.operator.resources.ChildSettings;
import com.zenith.functions.operator.resources.PipelineRunResource;
import com.zenith.functions.operator.tekton.PipelineRun;
import com.zenith.functions.operator.tekton.PipelineRunStatus;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.BrokerBuilder;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1.TriggerStatus;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceStatus;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A cluster on the fabric8 mock server (CRUD mode) with the operator running against it; the tests
 * play Tekton and Knative by patching the statuses of PipelineRuns, Services and Triggers.
 */
final class ClusterFixture {

  /** How long a scenario waits for the operator (the first mock-server use can stall). */
  static final Duration WAIT = Duration.ofSeconds(30);

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  final KubernetesClient client;
  private final KubernetesClient operatorClient;
  private FunctionOperator operator;
  private boolean crdsRegistered;
  private MeterRegistry registry = new SimpleMeterRegistry();

  ClusterFixture(KubernetesClient client) {
    this(client, client);
  }

  /** A fixture whose simulated controllers use {@code client} and the operator its own client. */
  ClusterFixture(KubernetesClient client, KubernetesClient operatorClient) {
    this.client = client;
    this.operatorClient = operatorClient;
  }

  /**
   * The operator's loops in the scenarios: no git polling (the fixture repositories do not exist;
   * the git scenarios turn it on) and a quick recheck of what is read on demand.
   */
  static final RuntimeSettings RUNTIME =
      RuntimeSettings.defaults()
          .withGitPollInterval(Duration.ZERO)
          .withRecheckInterval(Duration.ofMillis(500));

  /** Registers the CRDs (ours, Tekton's, Knative's) and starts the operator. */
  void start(ChildSettings settings) {
    start(settings, RUNTIME, ClusterCapabilities.all());
  }

  /** Starts the operator, recording its JOSDK metrics in {@code registry} (the benchmark). */
  void start(ChildSettings settings, MeterRegistry registry) {
    this.registry = registry;
    start(settings);
  }

  /** Starts the operator with these loops, in a cluster with these optional parts. */
  void start(ChildSettings settings, RuntimeSettings runtime, ClusterCapabilities capabilities) {
    if (!crdsRegistered) {
      MockCrds.register(client, capabilities);
      crdsRegistered = true;
    }
    operator =
        FunctionOperator.create(
            operatorClient,
            new OperatorConfig(settings, runtime, java.util.Set.of(), false, "zenith-system", 0),
            capabilities,
            registry,
            Clock.systemUTC());
    operator.start();
  }

  /** The running operator. */
  FunctionOperator operator() {
    return operator;
  }

  void stop() {
    if (operator != null) {
      operator.stop();
      operator = null;
    }
  }

  /** Restarts the operator: fresh informers, so every Function is reconciled again (a resync). */
  void restart(ChildSettings settings) {
    stop();
    start(settings);
  }

  /** Reconciliations the operators this fixture started have finished, by their metrics. */
  double reconciliations() {
    return registry.find("operator.sdk.reconciliations.success").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /** A namespace no other scenario uses. */
  static String namespace() {
    return "s" + NAMESPACES.incrementAndGet();
  }

  // ---- Functions ----

  Function create(Function fn) {
    return client.resource(fn).create();
  }

  Function get(String ns, String name) {
    return client.resources(Function.class).inNamespace(ns).withName(name).get();
  }

  Function editSpec(String ns, String name, UnaryOperator<FunctionSpec> change) {
    return client
        .resources(Function.class)
        .inNamespace(ns)
        .withName(name)
        .edit(
            f -> {
              f.setSpec(change.apply(f.getSpec()));
              return f;
            });
  }

  Optional<Condition> condition(String ns, String name, String type) {
    Function fn = get(ns, name);
    return fn == null || fn.getStatus() == null
        ? Optional.empty()
        : Conditions.find(fn.getStatus().conditions(), type);
  }

  /** Waits until Ready has this status and reason; returns the Function then. */
  Function awaitReady(String ns, String name, String status, String reason) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(condition(ns, name, ConditionTypes.READY))
                    .hasValueSatisfying(
                        c -> {
                          assertThat(c.status()).as("Ready status: %s", c).isEqualTo(status);
                          assertThat(c.reason()).as("Ready reason: %s", c).isEqualTo(reason);
                        }));
    return get(ns, name);
  }

  // ---- Tekton ----

  /** Waits for the PipelineRun of the Function's current spec. */
  PipelineRun awaitBuild(String ns, String name) {
    String prName =
        PipelineRunResource.name(
            get(ns, name), ChildSettings.defaults().withTasksNamespace(""), null);
    return awaitBuildNamed(ns, prName);
  }

  PipelineRun awaitBuildNamed(String ns, String prName) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.resources(PipelineRun.class).inNamespace(ns).withName(prName).get() != null);
    return client.resources(PipelineRun.class).inNamespace(ns).withName(prName).get();
  }

  List<PipelineRun> builds(String ns, String fn) {
    return client
        .resources(PipelineRun.class)
        .inNamespace(ns)
        .withLabel(FunctionNames.FUNCTION_LABEL, fn)
        .list()
        .getItems()
        .stream()
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .toList();
  }

  /** Plays Tekton: the run succeeded and pushed {@code digest}. */
  void succeedBuild(PipelineRun pr, String digest) {
    succeedBuild(pr, digest, "0123abc");
  }

  /** Plays Tekton: the run cloned {@code commit}, succeeded and pushed {@code digest}. */
  void succeedBuild(PipelineRun pr, String digest, String commit) {
    setBuildStatus(pr, UpstreamStatuses.succeeded(digest, commit));
  }

  /** Plays Tekton: the task's step failed with {@code message}. */
  void failBuild(PipelineRun pr, String task, String step, String message) {
    String ns = pr.getMetadata().getNamespace();
    String trName = pr.getMetadata().getName() + "-" + task;
    var taskRuns = client.genericKubernetesResources("tekton.dev/v1", "TaskRun").inNamespace(ns);
    taskRuns
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("tekton.dev/v1")
                .withKind("TaskRun")
                .withNewMetadata()
                .withName(trName)
                .withNamespace(ns)
                .endMetadata()
                .build())
        .create();
    // Status is a subresource: the API server (and the mock) ignore it on create.
    taskRuns
        .withName(trName)
        .editStatus(
            tr -> {
              tr.setAdditionalProperty(
                  "status",
                  Map.of(
                      "conditions",
                      List.of(
                          Map.of(
                              "type", "Succeeded",
                              "status", "False",
                              "reason", "Failed",
                              "message", message)),
                      "steps",
                      List.of(
                          Map.of("name", "prepare", "terminated", Map.of("exitCode", 0)),
                          Map.of("name", step, "terminated", Map.of("exitCode", 1)))));
              return tr;
            });
    setBuildStatus(
        pr,
        new PipelineRunStatus(
            List.of(
                UpstreamStatuses.tektonCondition(
                    "False", "Failed", "Tasks Completed: 1 (Failed: 1)")),
            null,
            List.of(new PipelineRunStatus.ChildReference("TaskRun", trName, task))));
  }

  private void setBuildStatus(PipelineRun pr, PipelineRunStatus status) {
    client
        .resources(PipelineRun.class)
        .inNamespace(pr.getMetadata().getNamespace())
        .withName(pr.getMetadata().getName())
        .editStatus(
            p -> {
              p.setStatus(status);
              return p;
            });
  }

  // ---- Knative ----

  Service awaitService(String ns, String name) {
    await().atMost(WAIT).until(() -> service(ns, name) != null);
    return service(ns, name);
  }

  /** The function's container in its Knative Service. */
  io.fabric8.kubernetes.api.model.Container container(String ns, String name) {
    return service(ns, name).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  io.fabric8.kubernetes.api.model.ServiceAccount serviceAccount(String ns, String fn) {
    return client
        .serviceAccounts()
        .inNamespace(ns)
        .withName(FunctionNames.serviceAccount(fn))
        .get();
  }

  Service service(String ns, String name) {
    return client.resources(Service.class).inNamespace(ns).withName(name).get();
  }

  /**
   * Plays Knative Serving: the Service is reconciled at its generation and Ready; as Knative does,
   * its latest created revision ({@code <name>-0000<generation>}) is also the latest ready one.
   */
  void markServiceReady(String ns, String name) {
    editServiceStatus(ns, name, UpstreamStatuses::readyService);
  }

  void setServiceStatus(String ns, String name, String ready, String reason, String message) {
    setServiceStatus(ns, name, ready, reason, message, null, null);
  }

  /**
   * Plays Knative Serving with revisions, in the shape of serving.knative.dev/v1 ServiceStatus
   * (ConfigurationStatusFields: latestCreatedRevisionName, latestReadyRevisionName).
   */
  void setServiceStatus(
      String ns,
      String name,
      String ready,
      String reason,
      String message,
      String latestCreated,
      String latestReady) {
    editServiceStatus(
        ns,
        name,
        s -> UpstreamStatuses.service(s, ready, reason, message, latestCreated, latestReady));
  }

  private void editServiceStatus(
      String ns, String name, java.util.function.Function<Service, ServiceStatus> status) {
    client
        .resources(Service.class)
        .inNamespace(ns)
        .withName(name)
        .editStatus(
            s -> {
              s.setStatus(status.apply(s));
              return s;
            });
  }

  Trigger awaitTrigger(String ns, String name) {
    await().atMost(WAIT).until(() -> trigger(ns, name) != null);
    return trigger(ns, name);
  }

  Trigger trigger(String ns, String fn) {
    return client
        .resources(Trigger.class)
        .inNamespace(ns)
        .withName(FunctionNames.trigger(fn))
        .get();
  }

  /** Plays Knative Eventing: the Trigger is Ready. */
  void markTriggerReady(String ns, String fn) {
    client
        .resources(Trigger.class)
        .inNamespace(ns)
        .withName(FunctionNames.trigger(fn))
        .editStatus(
            t -> {
              TriggerStatus st = new TriggerStatus();
              st.setObservedGeneration(t.getMetadata().getGeneration());
              st.setConditions(List.of(UpstreamStatuses.knativeCondition("True", null, null)));
              t.setStatus(st);
              return t;
            });
  }

  // ---- Objects the Function refers to ----

  void createBroker(String ns, String name) {
    Broker b =
        new BrokerBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(ns)
            .endMetadata()
            .build();
    client.resource(b).create();
  }

  void createSecret(String ns, String name) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .addToStringData("key", "value")
                .build())
        .create();
  }

  /** A git Secret as Tekton's credential initialisation uses it: basic-auth, annotated. */
  void createGitSecret(String ns, String name) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .addToAnnotations("tekton.dev/git-0", "https://github.com")
                .endMetadata()
                .withType("kubernetes.io/basic-auth")
                .addToStringData("username", "bot")
                .addToStringData("password", "token")
                .build())
        .create();
  }

  void createConfigMap(String ns, String name) {
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .addToData("key", "value")
                .build())
        .create();
  }

  // ---- A whole happy path ----

  /** Creates the Function, plays a successful build and a ready Service; returns it Ready. */
  Function deployReady(Function fn) {
    String ns = fn.getMetadata().getNamespace();
    String name = fn.getMetadata().getName();
    create(fn);
    succeedBuild(awaitBuild(ns, name), Functions.DIGEST);
    awaitService(ns, name);
    markServiceReady(ns, name);
    if (fn.getSpec().eventing() != null && fn.getSpec().eventing().broker() != null) {
      awaitTrigger(ns, name);
      markTriggerReady(ns, name);
    }
    return awaitReady(ns, name, "True", "Ready");
  }
}
