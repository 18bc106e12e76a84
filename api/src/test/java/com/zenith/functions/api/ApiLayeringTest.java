package com.zenith.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API module holds the model and imports no client or operator code: the only class it takes
 * from the fabric8 client API is CustomResource, the base class of a CRD model.
 */
class ApiLayeringTest {
  @Test
  void mainSourcesImportNoClientOrOperatorCode() throws Exception {
    List<String> offending = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(f)) {
          boolean clientImport =
              line.startsWith("import io.fabric8.kubernetes.client.")
                  && !line.equals("import io.fabric8.kubernetes.client.CustomResource;");
          if (clientImport || line.startsWith("import io.javaoperatorsdk")) {
            offending.add(f + ": " + line);
          }
        }
      }
    }
    assertThat(offending).isEmpty();
  }
}
