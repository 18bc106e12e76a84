package com.zenith.functions.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.ScannerImpl;
import org.yaml.snakeyaml.tokens.ScalarToken;
import org.yaml.snakeyaml.tokens.Token;

/**
 * The linear reader gives SnakeYAML exactly what its own reader gives: the same tokens with the
 * same start and end marks (line, column, index), and the same first error, for every manifest of
 * both corpora and for the awkward inputs (CRLF, NEL, BOM, surrogate pairs, tabs, cut strings).
 */
class WholeTextReaderTest {
  static Stream<String> inputs() throws IOException, URISyntaxException {
    List<String> all = new ArrayList<>();
    for (String corpus : List.of("/invalid", "/valid")) {
      Path dir = Path.of(WholeTextReaderTest.class.getResource(corpus).toURI());
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          all.add(Files.readString(f, StandardCharsets.UTF_8));
        }
      }
    }
    all.add("a: b\r\nc: d\r\n\r\n");
    all.add("a: b\u0085c: d\u2028e: f\n");
    all.add("\uFEFFa: b\n");
    all.add("emoji: \"\uD83D\uDE00 \u20AC\"\nnext: [1, 2]\n");
    all.add("a:\tb\nk: |\n  line one\n  line two\n");
    all.add("s: \"unterminated\n");
    all.add("x: \u0007\n");
    all.add("- " + "y".repeat(5000) + "\n- z\n");
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void tokensAndMarksAreThoseOfSnakeYamlsOwnReader(String text) {
    assertThat(tokens(() -> new WholeTextReader(text, "'reader'")))
        .isEqualTo(tokens(() -> new StreamReader(new StringReader(text))));
  }

  private static List<String> tokens(Supplier<StreamReader> reader) {
    List<String> out = new ArrayList<>();
    try {
      ScannerImpl scanner = new ScannerImpl(reader.get(), new LoaderOptions());
      while (scanner.checkToken()) {
        Token t = scanner.getToken();
        String value =
            t instanceof ScalarToken st
                ? st.getValue() + " " + st.getPlain() + " " + st.getStyle()
                : "";
        out.add(
            t.getTokenId()
                + " "
                + mark(t.getStartMark())
                + " "
                + mark(t.getEndMark())
                + " "
                + value);
      }
    } catch (YAMLException e) {
      out.add("error " + e.getMessage());
    }
    return out;
  }

  private static String mark(Mark m) {
    return m.getLine() + ":" + m.getColumn() + "@" + m.getIndex();
  }
}
