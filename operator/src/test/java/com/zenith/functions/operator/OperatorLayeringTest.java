package com.zenith.functions.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The pure packages (resources, status) use no client calls and no operator framework. */
class OperatorLayeringTest {

  private static final Path MAIN = Path.of("src/main/java/com/zenith/functions/operator");

  @Test
  void pureBuildersAndStatusAssemblyDoNoIo() throws IOException {
    for (String pkg : List.of("resources", "status")) {
      try (Stream<Path> files = Files.list(MAIN.resolve(pkg))) {
        for (Path f : files.toList()) {
          String src = Files.readString(f);
          assertThat(src)
              .as(f.toString())
              .doesNotContain("import io.javaoperatorsdk")
              .doesNotContain("import io.fabric8.kubernetes.client.KubernetesClient")
              .doesNotContain("import io.fabric8.kubernetes.client.dsl");
        }
      }
    }
  }
}
