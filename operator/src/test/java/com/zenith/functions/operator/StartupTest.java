package com.zenith.functions.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zenith.functions.operator.scenarios.MockCrds;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** D2: the operator says in one line why it cannot start, and exits instead of hanging. */
@EnableKubernetesMockClient(crud = true)
class StartupTest {

  KubernetesClient client;

  @Test
  void aClusterWithoutEventingAndOtelStartsWithThoseOptionalPartsOff() throws Exception {
    MockCrds.register(client, new ClusterCapabilities(false, false));

    assertThat(StartupCheck.discover(client)).isEqualTo(new ClusterCapabilities(false, false));
  }

  @Test
  void aClusterWithEverythingHasEveryOptionalPart() throws Exception {
    MockCrds.register(client);

    assertThat(StartupCheck.discover(client)).isEqualTo(ClusterCapabilities.all());
  }

  @Test
  void missingRequiredCrdsAreNamedInOneSentence() {
    assertThatThrownBy(() -> StartupCheck.discover(client))
        .isInstanceOf(StartupCheck.StartupException.class)
        .hasMessageContaining("the Function CRD")
        .hasMessageContaining("Tekton Pipelines (pipelineruns.tekton.dev/v1)")
        .hasMessageContaining("Knative Serving (services.serving.knative.dev/v1)")
        .hasMessageNotContaining("\n");
  }

  /** The real process, with a kubeconfig pointing at a closed port: exit 1, naming the server. */
  @Test
  void theOperatorProcessExitsNonZeroWithinAMinuteWhenTheApiServerIsUnreachable(@TempDir Path dir)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}
        users:
        - name: u
          user: {token: t}
        contexts:
        - name: x
          context: {cluster: c, user: u}
        current-context: x
        """
            .formatted(port));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                FunctionOperator.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.log").toFile());
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().put("ZENITH_HTTP_PORT", "0");
    pb.environment().remove("KUBERNETES_SERVICE_HOST");
    long start = System.nanoTime();
    Process p = pb.start();
    boolean exited = p.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly();
    }
    String out = Files.readString(dir.resolve("out.log"), StandardCharsets.UTF_8);

    assertThat(exited).as("exited within a minute; output:%n%s", out).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    List<String> errors = out.lines().filter(l -> l.contains("cannot start")).toList();
    assertThat(errors)
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .contains(
                        "cannot reach the Kubernetes API server at https://127.0.0.1:" + port));
    assertThat(out).doesNotContain("\tat ");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(60);
  }
}
