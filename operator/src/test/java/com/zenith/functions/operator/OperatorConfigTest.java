package com.zenith.functions.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zenith.functions.operator.resources.ChildSettings;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

  @Test
  void defaultsWhenNothingIsSet() {
    OperatorConfig c = OperatorConfig.fromEnv(Map.of());
    assertThat(c.children()).isEqualTo(ChildSettings.defaults());
    assertThat(c.namespaces()).isEmpty();
    assertThat(c.leaderElection()).isFalse();
    assertThat(c.httpPort()).isEqualTo(8081);
    assertThat(c.runtime()).isEqualTo(RuntimeSettings.defaults());
    assertThat(c.runtime().gitPollInterval()).isEqualTo(java.time.Duration.ofSeconds(60));
  }

  @Test
  void readsTheGitPollIntervalTheWebhookSecretAndTheRecheckInterval() {
    OperatorConfig c =
        OperatorConfig.fromEnv(
            Map.of(
                "ZENITH_GIT_POLL_INTERVAL", "2m",
                "ZENITH_WEBHOOK_SECRET", "s3cret",
                "ZENITH_RECHECK_INTERVAL", "500ms"));
    assertThat(c.runtime().gitPollInterval()).isEqualTo(java.time.Duration.ofMinutes(2));
    assertThat(c.runtime().webhookSecret()).isEqualTo("s3cret");
    assertThat(c.runtime().recheckInterval()).isEqualTo(java.time.Duration.ofMillis(500));
    assertThat(
            OperatorConfig.fromEnv(Map.of("ZENITH_GIT_POLL_INTERVAL", "0"))
                .runtime()
                .gitPollInterval())
        .isZero();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> OperatorConfig.fromEnv(Map.of("ZENITH_GIT_POLL_INTERVAL", "soon")))
        .hasMessageContaining("ZENITH_GIT_POLL_INTERVAL=soon");
  }

  @Test
  void readsTheChartsVariables() {
    OperatorConfig c =
        OperatorConfig.fromEnv(
            Map.of(
                "ZENITH_WATCH_NAMESPACES", "team-a, team-b",
                "ZENITH_LEADER_ELECTION", "true",
                "POD_NAMESPACE", "ops",
                "ZENITH_INSECURE_REGISTRIES", "registry.local:5000",
                "ZENITH_TASKS_NAMESPACE", "",
                "ZENITH_BUILD_HISTORY", "5",
                "ZENITH_BUILD_FS_GROUP", "1000",
                "ZENITH_RUN_IMAGE", ""));
    assertThat(c.namespaces()).isEqualTo(Set.of("team-a", "team-b"));
    assertThat(c.leaderElection()).isTrue();
    assertThat(c.leaseNamespace()).isEqualTo("ops");
    assertThat(c.children().insecureRegistries()).containsExactly("registry.local:5000");
    assertThat(c.children().tasksNamespace()).isEmpty();
    assertThat(c.children().buildHistory()).isEqualTo(5);
    assertThat(c.children().fsGroup()).isEqualTo(1000L);
    assertThat(c.children().runImage()).isEmpty();
  }

  @Test
  void anEmptyFsGroupLeavesItToThePlatformAndGarbageIsRefusedByName() {
    assertThat(OperatorConfig.fromEnv(Map.of("ZENITH_BUILD_FS_GROUP", "")).children().fsGroup())
        .isNull();
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("ZENITH_BUILD_FS_GROUP", "root")))
        .hasMessageContaining("ZENITH_BUILD_FS_GROUP")
        .hasMessageContaining("'root'");
  }
}
