package com.zenith.functions.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code zenith validate} exit codes and output, run in-process with captured writers. */
class ValidateCommandTest {
  private static final Path SEED = Path.of("..", "examples", "seed");
  private static final Path CORPUS = Path.of("..", "api", "src", "test", "resources", "invalid");

  static Stream<Path> corpus() throws Exception {
    try (Stream<Path> files = Files.list(CORPUS)) {
      return files.sorted().toList().stream();
    }
  }

  @Test
  void theSeedExamplesAreValidAndExitZero() {
    CliRun.Result r = CliRun.inProcess("validate", SEED.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .contains("Function default/audit-logger")
        .contains("3 valid Functions, 0 errors");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void everyInvalidManifestExitsOneWithAPositionedErrorAndNoStackTrace(Path file) {
    CliRun.Result r = CliRun.inProcess("validate", file.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.out())
        .containsPattern(java.util.regex.Pattern.quote(file.toString()) + ":\\d+:\\d+: error: ");
    assertThat(r.out() + r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void oneInvalidFileAmongValidOnesMakesTheWholeRunFail() {
    CliRun.Result r =
        CliRun.inProcess(
            "validate", SEED.toString(), CORPUS.resolve("12-min-greater-than-max.yaml").toString());

    assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.out()).contains("3 valid Functions, 1 error");
  }

  @Test
  void jsonOutputListsFunctionsAndDiagnostics() throws Exception {
    CliRun.Result r =
        CliRun.inProcess(
            "validate", "-o", "json", CORPUS.resolve("14-appport-zero.yaml").toString());

    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("valid").asBoolean()).isFalse();
    JsonNode d = json.path("diagnostics").get(0);
    assertThat(d.path("line").asInt()).isEqualTo(14);
    assertThat(d.path("column").asInt()).isEqualTo(16);
    assertThat(d.path("field").asText()).isEqualTo("spec.deploy.dapr.appPort");
  }

  @Test
  void quietPrintsOnlyProblems() {
    CliRun.Result r = CliRun.inProcess("validate", "-q", SEED.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEmpty();
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(CliRun.inProcess("validate").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(CliRun.inProcess("validate", "--no-such-option", "x.yaml").code())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(CliRun.inProcess("no-such-command").code()).isEqualTo(ExitCodes.USAGE);
    CliRun.Result bare = CliRun.inProcess();
    assertThat(bare.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bare.err()).contains("Usage: zenith");
  }

  @Test
  void everyCommandHasHelp() {
    CliRun.Result root = CliRun.inProcess("--help");
    CliRun.Result validate = CliRun.inProcess("validate", "--help");

    assertThat(root.code()).isZero();
    assertThat(root.out()).contains("validate").contains("Exit codes:");
    assertThat(validate.code()).isZero();
    assertThat(validate.out()).contains("Usage: zenith validate").contains("--recursive");
  }

  @Test
  void versionNamesTheApiVersion() {
    CliRun.Result r = CliRun.inProcess("--version");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("zenith ").contains("functions.zenith.com/v1alpha1");
  }

  @Test
  void noColorTurnsColourOff() {
    assertThat(Style.detect(Map.of("NO_COLOR", "1")).colour()).isFalse();
    assertThat(Style.plain().red("x")).isEqualTo("x");
    assertThat(new Style(true).red("x")).isEqualTo("\u001b[31mx\u001b[0m");
  }
}
