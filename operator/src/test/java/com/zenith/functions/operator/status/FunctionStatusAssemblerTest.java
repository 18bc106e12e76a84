package com.zenith.functions.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Conditions;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.v1alpha1.BuildStatus;
import com.zenith.functions.api.v1alpha1.Condition;
import com.zenith.functions.api.v1alpha1.FunctionStatus;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FunctionStatusAssemblerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");
  private static final BuildStatus BUILT =
      new BuildStatus(
          "hello-build-abc", "https://g/x", "main", "c0ffee", "reg/x:1", "sha256:1", 1L);

  private static Condition sub(String type, String status, String reason) {
    return Conditions.of(type, status, reason, reason + " message");
  }

  private static BuildConditions.Outcome build(String status, String reason) {
    return new BuildConditions.Outcome(
        sub(ConditionTypes.BUILD_SUCCEEDED, status, reason),
        ConditionStatus.TRUE.equals(status) ? BUILT : null);
  }

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(
            "building",
            build("Unknown", Reasons.BUILDING),
            sub(ConditionTypes.SERVICE_READY, "Unknown", Reasons.DEPLOYING),
            null,
            "Unknown",
            Reasons.BUILDING),
        Arguments.of(
            "build failed wins over unknown service",
            build("False", Reasons.BUILD_FAILED),
            sub(ConditionTypes.SERVICE_READY, "Unknown", Reasons.DEPLOYING),
            null,
            "False",
            Reasons.BUILD_FAILED),
        Arguments.of(
            "missing secret",
            build("True", Reasons.BUILD_SUCCEEDED),
            sub(ConditionTypes.SERVICE_READY, "False", Reasons.SECRET_NOT_FOUND),
            null,
            "False",
            Reasons.SECRET_NOT_FOUND),
        Arguments.of(
            "deploying",
            build("True", Reasons.BUILD_SUCCEEDED),
            sub(ConditionTypes.SERVICE_READY, "Unknown", Reasons.DEPLOYING),
            null,
            "Unknown",
            Reasons.DEPLOYING),
        Arguments.of(
            "ready without eventing",
            build("True", Reasons.BUILD_SUCCEEDED),
            sub(ConditionTypes.SERVICE_READY, "True", Reasons.READY),
            null,
            "True",
            Reasons.READY),
        Arguments.of(
            "broker missing",
            build("True", Reasons.BUILD_SUCCEEDED),
            sub(ConditionTypes.SERVICE_READY, "True", Reasons.READY),
            sub(ConditionTypes.EVENTING_READY, "False", Reasons.BROKER_NOT_FOUND),
            "False",
            Reasons.BROKER_NOT_FOUND),
        Arguments.of(
            "ready with eventing",
            build("True", Reasons.BUILD_SUCCEEDED),
            sub(ConditionTypes.SERVICE_READY, "True", Reasons.READY),
            sub(ConditionTypes.EVENTING_READY, "True", Reasons.READY),
            "True",
            Reasons.READY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void readySummarizesTheSubConditions(
      String name,
      BuildConditions.Outcome build,
      Condition service,
      Condition eventing,
      String readyStatus,
      String readyReason) {
    FunctionStatus s =
        FunctionStatusAssembler.assemble(
            null, 4, T0, new FunctionStatusAssembler.Observed(build, service, eventing, null));

    Condition ready = s.conditions().get(0);
    assertThat(ready.type()).isEqualTo(ConditionTypes.READY);
    assertThat(ready.status()).isEqualTo(readyStatus);
    assertThat(ready.reason()).isEqualTo(readyReason);
    assertThat(s.observedGeneration()).isEqualTo(4L);
    assertThat(s.conditions()).allSatisfy(c -> assertThat(c.observedGeneration()).isEqualTo(4L));
    assertThat(s.conditions()).hasSize(eventing == null ? 3 : 4);
  }

  @Test
  void sameObservationLaterChangesNothingAndKeepsTimes() {
    var observed =
        new FunctionStatusAssembler.Observed(
            build("True", Reasons.BUILD_SUCCEEDED),
            sub(ConditionTypes.SERVICE_READY, "True", Reasons.READY),
            null,
            "http://hello.team.svc.cluster.local");
    FunctionStatus first = FunctionStatusAssembler.assemble(null, 2, T0, observed);
    FunctionStatus again = FunctionStatusAssembler.assemble(first, 2, T1, observed);

    assertThat(FunctionStatusAssembler.changed(first, again)).isFalse();
    assertThat(again.conditions().get(0).lastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(FunctionStatusAssembler.readyTransition(first, again)).isEmpty();
    assertThat(again.imageDigest()).isEqualTo("reg/x:1@sha256:1");
  }

  @Test
  void newGenerationIsWrittenEvenWhenConditionsHold() {
    var observed =
        new FunctionStatusAssembler.Observed(
            build("True", Reasons.BUILD_SUCCEEDED),
            sub(ConditionTypes.SERVICE_READY, "True", Reasons.READY),
            null,
            null);
    FunctionStatus first = FunctionStatusAssembler.assemble(null, 2, T0, observed);
    FunctionStatus next = FunctionStatusAssembler.assemble(first, 3, T1, observed);
    assertThat(FunctionStatusAssembler.changed(first, next)).isTrue();
    assertThat(next.conditions().get(0).lastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
  }

  @Test
  void eventingRemovalDropsItsCondition() {
    var withEventing =
        new FunctionStatusAssembler.Observed(
            build("True", Reasons.BUILD_SUCCEEDED),
            sub(ConditionTypes.SERVICE_READY, "True", Reasons.READY),
            sub(ConditionTypes.EVENTING_READY, "True", Reasons.READY),
            null);
    FunctionStatus first = FunctionStatusAssembler.assemble(null, 1, T0, withEventing);
    FunctionStatus next =
        FunctionStatusAssembler.assemble(
            first,
            2,
            T1,
            new FunctionStatusAssembler.Observed(
                withEventing.build(), withEventing.service(), null, null));
    assertThat(next.conditions())
        .extracting(Condition::type)
        .doesNotContain(ConditionTypes.EVENTING_READY);
  }

  @Test
  void readyTransitionIsReportedOnStatusOrReasonChange() {
    FunctionStatus building =
        FunctionStatusAssembler.assemble(
            null,
            1,
            T0,
            new FunctionStatusAssembler.Observed(
                build("Unknown", Reasons.BUILDING),
                sub(ConditionTypes.SERVICE_READY, "Unknown", Reasons.DEPLOYING),
                null,
                null));
    FunctionStatus failed =
        FunctionStatusAssembler.assemble(
            building,
            1,
            T1,
            new FunctionStatusAssembler.Observed(
                build("False", Reasons.BUILD_FAILED),
                sub(ConditionTypes.SERVICE_READY, "Unknown", Reasons.DEPLOYING),
                null,
                null));
    assertThat(FunctionStatusAssembler.readyTransition(building, failed))
        .hasValueSatisfying(c -> assertThat(c.reason()).isEqualTo(Reasons.BUILD_FAILED));
  }
}
