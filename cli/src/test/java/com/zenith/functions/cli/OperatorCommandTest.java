package com.zenith.functions.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zenith operator}: refuses to start, naming the server, when the cluster is not there. */
class OperatorCommandTest {

  @Test
  void anUnreachableApiServerExitsOneNamingTheServer(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again below: nothing listens there
    }
    String server = "https://127.0.0.1:" + port;
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: gone
            cluster:
              server: %s
              insecure-skip-tls-verify: true
        contexts:
          - name: gone
            context: {cluster: gone, user: nobody}
        current-context: gone
        users:
          - name: nobody
            user: {token: not-a-token}
        """
            .formatted(server));

    long start = System.nanoTime();
    CliRun.Result r = CliRun.inProcess("operator", "--kubeconfig", kubeconfig.toString());
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;

    assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err()).contains("cannot reach the Kubernetes API server at " + server);
    assertThat(r.err()).doesNotContain("not-a-token").doesNotContain("\tat ");
    assertThat(seconds).as("gave up within a minute").isLessThan(60);
  }

  @Test
  void helpDescribesTheCommand() {
    CliRun.Result r = CliRun.inProcess("operator", "--help");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: zenith operator").contains("--kubeconfig");
  }
}
