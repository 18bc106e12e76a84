package com.zenith.functions.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest of the invalid corpus is rejected with the error its first line announces ({@code
 * # expect: LINE:COL text}), at that line and column.
 */
class InvalidManifestCorpusTest {
  private static final ManifestValidator VALIDATOR = new ManifestValidator();

  static Stream<Path> corpus() throws IOException, URISyntaxException {
    Path dir = Path.of(InvalidManifestCorpusTest.class.getResource("/invalid").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList().stream();
    }
  }

  @Test
  void corpusHasAtLeastTwentyFiveManifests() throws Exception {
    assertThat(corpus().count()).isGreaterThanOrEqualTo(25);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachInvalidManifestGivesTheExpectedErrorAtTheExpectedLine(Path file) throws IOException {
    Expectation expected = Expectation.of(file);

    ValidationResult result = VALIDATOR.validatePaths(List.of(file), false);

    assertThat(result.hasErrors()).as("errors for %s", file.getFileName()).isTrue();
    assertThat(result.errors())
        .as("an error at %s containing <%s>", expected.position, expected.text)
        .anySatisfy(
            d -> {
              assertThat(d.position()).isEqualTo(expected.position);
              assertThat(render(d)).contains(expected.text);
              assertThat(d.file()).isEqualTo(file.toString());
            });
  }

  @Test
  void aTenMegabyteDocumentIsRejectedAsTooLargeForTheApiServer() {
    StringBuilder sb = new StringBuilder();
    sb.append("apiVersion: functions.zenith.com/v1alpha1\nkind: Function\n");
    sb.append("metadata:\n  name: big\n  annotations:\n");
    int i = 0;
    while (sb.length() < 10 * 1024 * 1024) {
      sb.append("    note-").append(i++).append(": \"").append("x".repeat(200)).append("\"\n");
    }
    sb.append(
        "spec:\n  gitRepo: https://github.com/o/r\n  build:\n    image: r/x:1\n  deploy: {}\n");

    ValidationResult result =
        VALIDATOR.validateBytes("big.yaml", sb.toString().getBytes(StandardCharsets.UTF_8));

    assertThat(result.errors())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.position()).isEqualTo(new SourcePosition(1, 1));
              assertThat(d.message()).contains("accepts objects of at most 3145728 bytes");
            });
  }

  @Test
  void aFourteenMegabyteOneLineValueIsValidatedAndRefusedAsTooLarge() {
    // 94 s before the reader was linear (docs/validation.md has the figures); no timing asserted.
    String big =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  k: "
            + "x".repeat(14_500_000)
            + "\n";

    ValidationResult result =
        VALIDATOR.validateBytes("big.yaml", big.getBytes(StandardCharsets.UTF_8));

    assertThat(result.errors())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.position()).isEqualTo(new SourcePosition(1, 1));
              assertThat(d.message()).contains("accepts objects of at most 3145728 bytes");
            });
  }

  @Test
  void positionsAfterAVeryLongLineAreExact() {
    String doc =
        "apiVersion: functions.zenith.com/v1alpha1\nkind: Function\nmetadata:\n"
            + "  annotations: {note: \""
            + "\u00e9".repeat(1_000_000)
            + "\"}\n  name: Bad_Name\nspec:\n  gitRepo: https://github.com/o/r\n"
            + "  build: {image: r/x:1}\n  deploy: {}\n";

    ValidationResult result =
        VALIDATOR.validateBytes("long.yaml", doc.getBytes(StandardCharsets.UTF_8));

    assertThat(result.errors())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.field()).isEqualTo("metadata.name");
              assertThat(d.position()).isEqualTo(new SourcePosition(5, 9));
            });
  }

  @Test
  void aMegabyteValueIsCutInTheMessage() {
    String huge = "A".repeat(1 << 20);
    String doc =
        "apiVersion: functions.zenith.com/v1alpha1\nkind: Function\nmetadata:\n  name: fn\n"
            + "spec:\n  gitRepo: https://github.com/o/r\n  build: {image: r/x:1}\n"
            + "  deploy: {visibility: "
            + huge
            + "}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
            + huge
            + "\n";

    ValidationResult result =
        VALIDATOR.validateBytes("huge.yaml", doc.getBytes(StandardCharsets.UTF_8));

    assertThat(result.errors())
        .hasSize(2)
        .allSatisfy(
            d -> {
              assertThat(d.toString()).hasSizeLessThan(2000);
              assertThat(d.message())
                  .contains("\"" + "A".repeat(80) + "... (1048576 characters)\"");
            });
  }

  @Test
  void binaryGarbageIsRejectedAsNotText() {
    byte[] garbage = new byte[4096];
    new Random(42).nextBytes(garbage);

    ValidationResult result = VALIDATOR.validateBytes("garbage.bin.yaml", garbage);

    assertThat(result.errors())
        .singleElement()
        .satisfies(d -> assertThat(d.message()).startsWith("not a text file"));
  }

  @Test
  void aNulByteInTextIsReportedAtItsPosition() {
    byte[] text = "apiVersion: v1\nkind: Con\0figMap\n".getBytes(StandardCharsets.UTF_8);

    ValidationResult result = VALIDATOR.validateBytes("nul.yaml", text);

    assertThat(result.errors())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.position()).isEqualTo(new SourcePosition(2, 10));
              assertThat(d.message()).contains("control character 0x00");
            });
  }

  @Test
  void anAliasBombIsRefused() {
    StringBuilder sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'j'; c++) {
      sb.append(c).append(": &").append(c).append(" [");
      for (int k = 0; k < 10; k++) {
        sb.append(k == 0 ? "" : ", ").append('*').append(prev);
      }
      sb.append("]\n");
      prev = c;
    }

    ValidationResult result =
        VALIDATOR.validateBytes("bomb.yaml", sb.toString().getBytes(StandardCharsets.UTF_8));

    assertThat(result.errors())
        .singleElement()
        .satisfies(d -> assertThat(d.message()).startsWith("malformed YAML"));
  }

  @Test
  void deeplyNestedInputIsRefusedWithoutAStackOverflow() {
    String deep = "a: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";

    ValidationResult result =
        VALIDATOR.validateBytes("deep.yaml", deep.getBytes(StandardCharsets.UTF_8));

    assertThat(result.errors())
        .singleElement()
        .satisfies(d -> assertThat(d.message()).startsWith("malformed YAML"));
  }

  @Test
  void aMissingFileIsReportedByName() {
    ValidationResult result =
        VALIDATOR.validatePaths(List.of(Path.of("does-not-exist.yaml")), false);

    assertThat(result.errors())
        .singleElement()
        .satisfies(d -> assertThat(d.toString()).contains("does-not-exist.yaml:1:1"));
  }

  static String render(Diagnostic d) {
    return d.field() == null || d.field().isEmpty() ? d.message() : d.field() + ": " + d.message();
  }

  private record Expectation(SourcePosition position, String text) {
    static Expectation of(Path file) throws IOException {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty()) {
        return new Expectation(SourcePosition.START, "no object found: the file is empty");
      }
      String header = lines.get(0);
      assertThat(header).as("first line of %s", file).startsWith("# expect: ");
      String rest = header.substring("# expect: ".length());
      String[] pos = rest.substring(0, rest.indexOf(' ')).split(":");
      return new Expectation(
          new SourcePosition(Integer.parseInt(pos[0]), Integer.parseInt(pos[1])),
          rest.substring(rest.indexOf(' ') + 1));
    }
  }
}
