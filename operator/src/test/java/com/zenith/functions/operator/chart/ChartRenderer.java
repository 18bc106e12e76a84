package com.zenith.functions.operator.chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders the chart's templates the way helm would for the small template language they use (helm
 * is not installable here): {@code .Release.Name}, {@code .Release.Namespace}, {@code
 * .Chart.AppVersion}, {@code .Values.x.y}, the {@code quote}, {@code toYaml} and {@code nindent}
 * functions, and {@code {{-}} whitespace trimming. Anything else fails loudly, so a template cannot
 * grow a construct this renderer would silently get wrong.
 */
final class ChartRenderer {

  private static final Pattern ACTION = Pattern.compile("\\{\\{(-?)\\s*(.*?)\\s*(-?)}}");
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  private final Path chart;
  private final Map<String, Object> values;
  private final String release;
  private final String namespace;

  @SuppressWarnings("unchecked")
  ChartRenderer(Path chart, String release, String namespace) throws IOException {
    this.chart = chart;
    this.values = YAML.readValue(chart.resolve("values.yaml").toFile(), Map.class);
    this.release = release;
    this.namespace = namespace;
  }

  /** Every template rendered, in file-name order, as one multi-document YAML string. */
  String renderAll() throws IOException {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.list(chart.resolve("templates"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        out.append("---\n# Source: zenith-operator/templates/")
            .append(f.getFileName())
            .append('\n')
            .append(render(Files.readString(f)).strip())
            .append('\n');
      }
    }
    return out.toString();
  }

  String render(String template) {
    Matcher m = ACTION.matcher(template);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      String before = template.substring(last, m.start());
      if (!m.group(1).isEmpty()) {
        before = before.stripTrailing();
      }
      out.append(before).append(evaluate(m.group(2)));
      last = m.end();
      if (!m.group(3).isEmpty()) {
        while (last < template.length() && Character.isWhitespace(template.charAt(last))) {
          last++;
        }
      }
    }
    out.append(template.substring(last));
    return out.toString();
  }

  private String evaluate(String expression) {
    String[] stages = expression.split("\\|");
    Object value = null;
    for (int i = 0; i < stages.length; i++) {
      List<String> words = List.of(stages[i].strip().split("\\s+"));
      if (i == 0) {
        value = words.get(0).equals("toYaml") ? toYaml(lookup(words.get(1))) : lookup(words.get(0));
      } else {
        value =
            switch (words.get(0)) {
              case "quote" -> "\"" + String.valueOf(value).replace("\"", "\\\"") + "\"";
              case "nindent" -> nindent(String.valueOf(value), Integer.parseInt(words.get(1)));
              default -> throw new IllegalArgumentException("unsupported function: " + stages[i]);
            };
      }
    }
    return String.valueOf(value);
  }

  private Object lookup(String path) {
    return switch (path) {
      case ".Release.Name" -> release;
      case ".Release.Namespace" -> namespace;
      case ".Chart.AppVersion" -> "0.1.0";
      default -> {
        if (!path.startsWith(".Values.")) {
          throw new IllegalArgumentException("unsupported reference: " + path);
        }
        Object v = values;
        for (String key : path.substring(".Values.".length()).split("\\.")) {
          if (!(v instanceof Map<?, ?> map) || !map.containsKey(key)) {
            throw new IllegalArgumentException("no value " + path);
          }
          v = map.get(key);
        }
        yield v;
      }
    };
  }

  private static String toYaml(Object value) {
    try {
      return YAML.writeValueAsString(value).strip();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String nindent(String text, int n) {
    String pad = " ".repeat(n);
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n")) {
      out.append('\n').append(pad).append(line);
    }
    return out.toString();
  }
}
