package com.zenith.functions.api.conditions;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.v1alpha1.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conditions keep their transition time while unchanged, and Ready is the AND of the rest. */
class ConditionsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

  private static Condition c(String type, String status, String reason) {
    return Conditions.of(type, status, reason, reason + " message");
  }

  @Test
  void settingTheSameStatusKeepsLastTransitionTime() {
    List<Condition> first =
        Conditions.set(
            List.of(), c(ConditionTypes.BUILD_SUCCEEDED, "Unknown", Reasons.BUILDING), 1, T0);

    List<Condition> second =
        Conditions.set(
            first, c(ConditionTypes.BUILD_SUCCEEDED, "Unknown", Reasons.BUILDING), 2, T1);

    assertThat(second.get(0).lastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(second.get(0).observedGeneration()).isEqualTo(2L);
  }

  @Test
  void changingTheStatusMovesLastTransitionTime() {
    List<Condition> first =
        Conditions.set(
            List.of(), c(ConditionTypes.BUILD_SUCCEEDED, "Unknown", Reasons.BUILDING), 1, T0);

    List<Condition> second =
        Conditions.set(
            first, c(ConditionTypes.BUILD_SUCCEEDED, "True", Reasons.BUILD_SUCCEEDED), 1, T1);

    assertThat(second).hasSize(1);
    assertThat(second.get(0).lastTransitionTime()).isEqualTo("2026-01-01T00:05:00Z");
  }

  @Test
  void readyIsTrueOnlyWhenEverySubConditionIsTrue() {
    List<Condition> all =
        List.of(
            c(ConditionTypes.BUILD_SUCCEEDED, "True", Reasons.BUILD_SUCCEEDED),
            c(ConditionTypes.SERVICE_READY, "True", Reasons.READY));

    Condition ready = Conditions.summarize(all, FunctionMessages.READY);

    assertThat(ready.status()).isEqualTo("True");
    assertThat(ready.reason()).isEqualTo(Reasons.READY);
    assertThat(ready.message()).isEqualTo("Function deployed and ready to accept requests");
  }

  @Test
  void theFirstFalseSubConditionExplainsReady() {
    List<Condition> all =
        List.of(
            c(ConditionTypes.EVENTING_READY, "False", Reasons.BROKER_NOT_FOUND),
            c(ConditionTypes.BUILD_SUCCEEDED, "False", Reasons.BUILD_FAILED),
            c(ConditionTypes.SERVICE_READY, "Unknown", Reasons.DEPLOYING));

    Condition ready = Conditions.summarize(all, FunctionMessages.READY);

    assertThat(ready.status()).isEqualTo("False");
    assertThat(ready.reason()).isEqualTo(Reasons.BUILD_FAILED);
  }

  @Test
  void unknownWinsOverTrueAndNothingMeansUnknown() {
    List<Condition> all =
        List.of(
            c(ConditionTypes.BUILD_SUCCEEDED, "True", Reasons.BUILD_SUCCEEDED),
            c(ConditionTypes.SERVICE_READY, "Unknown", Reasons.DEPLOYING));

    assertThat(Conditions.summarize(all, "x").status()).isEqualTo("Unknown");
    assertThat(Conditions.summarize(all, "x").reason()).isEqualTo(Reasons.DEPLOYING);
    assertThat(Conditions.summarize(List.of(), "x").status()).isEqualTo("Unknown");
  }

  @Test
  void sameMeaningIgnoresTimesButNotReasons() {
    List<Condition> a =
        Conditions.set(List.of(), c(ConditionTypes.READY, "True", Reasons.READY), 1, T0);
    List<Condition> b =
        List.of(
            new Condition("Ready", "True", "Ready", "Ready message", "2020-01-01T00:00:00Z", 1L));
    List<Condition> other =
        List.of(new Condition("Ready", "True", "Other", "Ready message", null, 1L));

    assertThat(Conditions.sameMeaning(a, b)).isTrue();
    assertThat(Conditions.sameMeaning(a, other)).isFalse();
  }

  @Test
  void messagesAreEnglishSentencesThatNameTheObject() {
    assertThat(FunctionMessages.gitAuthMissing("github-auth", "default"))
        .isEqualTo(
            "Git authentication Secret github-auth was not found in namespace default; create it"
                + " or remove spec.gitAuthSecretName.");
    assertThat(FunctionMessages.buildFailed("build-and-push", "exit code 1"))
        .startsWith("Build step 'build-and-push' failed: exit code 1.");
  }
}
