package com.zenith.functions.operator.scenarios;

import static com.zenith.functions.operator.scenarios.Functions.function;
import static com.zenith.functions.operator.scenarios.Functions.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.v1alpha1.BuildSpec;
import com.zenith.functions.api.v1alpha1.ConfigMapKeySelector;
import com.zenith.functions.api.v1alpha1.DeploySpec;
import com.zenith.functions.api.v1alpha1.EnvFromSource;
import com.zenith.functions.api.v1alpha1.EnvSourceRef;
import com.zenith.functions.api.v1alpha1.EnvVar;
import com.zenith.functions.api.v1alpha1.EnvVarSource;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.ObjectFieldSelector;
import com.zenith.functions.api.v1alpha1.SecretKeySelector;
import com.zenith.functions.operator.resources.EnvResolver;
import io.fabric8.knative.serving.v1.Service;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Scenarios of the function's environment: Secret and ConfigMap refs, optional refs, envFrom,
 * fieldRef, the registry Secret (section 4).
 */
class EnvScenariosTest extends ScenarioBase {
  private static DeploySpec deploy(List<EnvVar> env, List<EnvFromSource> envFrom) {
    return new DeploySpec(env, envFrom, null, null, null);
  }

  private static EnvVar secretRef(String name, String secret, Boolean optional) {
    return new EnvVar(
        name,
        null,
        new EnvVarSource(new SecretKeySelector(secret, "key", optional), null, null, null, null));
  }

  private static EnvVar configMapRef(String name, String cm, Boolean optional) {
    return new EnvVar(
        name,
        null,
        new EnvVarSource(null, new ConfigMapKeySelector(cm, "key", optional), null, null, null));
  }

  private static EnvVar fieldRef(String name, String path) {
    return new EnvVar(
        name, null, new EnvVarSource(null, null, new ObjectFieldSelector(null, path), null, null));
  }

  private void missingThenCreated(
      String name, EnvVar env, String reason, String missing, Consumer<String> create) {
    String ns = ClusterFixture.namespace();
    cluster.create(with(function(ns, name), s -> Functions.deploy(s, deploy(List.of(env), null))));
    cluster.succeedBuild(cluster.awaitBuild(ns, name), Functions.DIGEST);
    Function fn = cluster.awaitReady(ns, name, "False", reason);
    assertThat(fn.getStatus().conditions().get(0).message()).contains(missing);
    assertThat(cluster.service(ns, name)).isNull();

    create.accept(ns);
    cluster.awaitService(ns, name);
    assertThat(cluster.container(ns, name).getEnv().get(0).getValueFrom())
        .isEqualTo(EnvResolver.resolve(fn).env().get(0).getValueFrom());
    cluster.markServiceReady(ns, name);
    cluster.awaitReady(ns, name, "True", Reasons.READY);
  }

  /** env-secret-ref-missing then created (W14): SecretNotFound, then the Service appears. */
  @Test
  void secretMissingThenCreated() {
    missingThenCreated(
        "needs-secret",
        secretRef("API_KEY", "missing-credentials", null),
        Reasons.SECRET_NOT_FOUND,
        "missing-credentials",
        ns -> cluster.createSecret(ns, "missing-credentials"));
  }

  /** env-configmap-ref-missing then created. */
  @Test
  void configMapMissingThenCreated() {
    missingThenCreated(
        "needs-cm",
        configMapRef("APP_CONFIG", "missing-config", null),
        Reasons.CONFIG_MAP_NOT_FOUND,
        "missing-config",
        ns -> cluster.createConfigMap(ns, "missing-config"));
  }

  /** env-optional-refs, envfrom-optional, envfrom-*-ref, env-mixed-types (W2: Ready, no loop). */
  @Test
  void optionalRefsAndEnvFromBecomeReadyAndStayStill() throws InterruptedException {
    String ns = ClusterFixture.namespace();
    cluster.createConfigMap(ns, "app-config-configmap");
    Function fn =
        with(
            function(ns, "mixed"),
            s ->
                Functions.deploy(
                    s,
                    deploy(
                        List.of(
                            new EnvVar("APP_ENV", "production", null),
                            secretRef("OPTIONAL_SECRET", "absent-secret", true),
                            configMapRef("OPTIONAL_CM", "absent-cm", true)),
                        List.of(
                            new EnvFromSource(
                                null, new EnvSourceRef("app-config-configmap", null), null),
                            new EnvFromSource(
                                "S_", null, new EnvSourceRef("absent-envfrom", true))))));
    Function ready = cluster.deployReady(fn);
    Service ksvc = cluster.service(ns, "mixed");
    var container = cluster.container(ns, "mixed");
    assertThat(container.getEnvFrom().get(0).getConfigMapRef().getName())
        .isEqualTo("app-config-configmap");
    assertThat(container.getEnvFrom().get(1).getSecretRef().getOptional()).isTrue();
    assertThat(container.getEnv())
        .extracting(e -> e.getName())
        .containsExactly("APP_ENV", "OPTIONAL_SECRET", "OPTIONAL_CM");

    // W2: a converged Function with refs is not rewritten (the original updated it forever).
    String rv = ksvc.getMetadata().getResourceVersion();
    String fnRv = ready.getMetadata().getResourceVersion();
    cluster.stop();
    drainWrites();
    double reconciled = cluster.reconciliations();
    cluster.start(settings());
    Thread.sleep(2000); // the restarted operator reconciles every Function once
    await().atMost(ClusterFixture.WAIT).until(() -> cluster.reconciliations() > reconciled);
    assertThat(drainWrites()).as("write requests during the resync").isEmpty();
    assertThat(cluster.service(ns, "mixed").getMetadata().getResourceVersion()).isEqualTo(rv);
    assertThat(cluster.get(ns, "mixed").getMetadata().getResourceVersion()).isEqualTo(fnRv);
  }

  /**
   * env-field-ref, env-field-ref-uid: values from the Function; unsupported paths rejected (W20).
   */
  @Test
  void fieldRefsResolveAndUnsupportedOnesAreRejected() {
    String ns = ClusterFixture.namespace();
    Function ready =
        cluster.deployReady(
            with(
                function(ns, "fields"),
                s ->
                    Functions.deploy(
                        s,
                        deploy(
                            List.of(
                                fieldRef("POD_NAME", "metadata.name"),
                                fieldRef("POD_NAMESPACE", "metadata.namespace"),
                                fieldRef("POD_UID", "metadata.uid")),
                            null))));
    var env = cluster.container(ns, "fields").getEnv();
    assertThat(env)
        .extracting(e -> e.getName() + "=" + e.getValue())
        .containsExactly(
            "POD_NAME=fields", "POD_NAMESPACE=" + ns, "POD_UID=" + ready.getMetadata().getUid());

    cluster.editSpec(
        ns,
        "fields",
        s -> Functions.deploy(s, deploy(List.of(fieldRef("IP", "status.podIP")), null)));
    Function invalid = cluster.awaitReady(ns, "fields", "False", Reasons.INVALID_SPEC);
    assertThat(invalid.getStatus().conditions().get(0).message()).contains("status.podIP");
  }

  /** W11/W12: the registry Secret reaches the SA and the Service; a dropped one is removed. */
  @Test
  void registrySecretIsUsedAndDetached() {
    String ns = ClusterFixture.namespace();
    cluster.deployReady(
        with(
            function(ns, "private-img"),
            s -> Functions.build(s, new BuildSpec(Functions.IMAGE, "registry-v1"))));
    var sa = cluster.serviceAccount(ns, "private-img");
    assertThat(sa.getImagePullSecrets())
        .extracting(r -> r.getName())
        .containsExactly("registry-v1");
    assertThat(sa.getSecrets()).extracting(r -> r.getName()).containsExactly("registry-v1");
    assertThat(
            cluster
                .service(ns, "private-img")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getServiceAccountName())
        .isEqualTo("private-img-sa");

    cluster.editSpec(
        ns, "private-img", s -> Functions.build(s, new BuildSpec(Functions.IMAGE, "registry-v2")));
    await()
        .atMost(ClusterFixture.WAIT)
        .untilAsserted(
            () ->
                assertThat(cluster.serviceAccount(ns, "private-img").getImagePullSecrets())
                    .extracting(r -> r.getName())
                    .containsExactly("registry-v2"));
  }
}
