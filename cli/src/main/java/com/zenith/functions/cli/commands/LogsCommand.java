package com.zenith.functions.cli.commands;

import com.zenith.functions.cli.ExitCodes;
import com.zenith.functions.cli.ZenithDirs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zenith logs}: a function's log from the zenith dev session, like kubectl logs. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the log of a function of the zenith dev session (its output, or with --build its"
          + " last build's output); -f keeps following it."
    })
public final class LogsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The function's name.")
  String name;

  @Option(
      names = "--tail",
      paramLabel = "N",
      defaultValue = "-1",
      description = "Only the last N lines (default: all).")
  int tail;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new lines until interrupted.")
  boolean follow;

  @Option(names = "--build", description = "The last build's log instead of the process's.")
  boolean build;

  @picocli.CommandLine.Mixin SessionClient.Namespace namespace = new SessionClient.Namespace();

  @Override
  public Integer call() throws Exception {
    Path file =
        ZenithDirs.state(System.getenv())
            .resolve("logs")
            .resolve(namespace.value)
            .resolve(name + (build ? "-build.log" : ".log"));
    if (!Files.isRegularFile(file)) {
      spec.commandLine()
          .getErr()
          .println(
              "zenith logs: no log for function "
                  + name
                  + " (looked for "
                  + file
                  + "); is it part of the zenith dev session?");
      return ExitCodes.INVALID;
    }
    PrintWriter out = spec.commandLine().getOut();
    List<String> lines =
        new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
    int from = tail < 0 ? 0 : Math.max(0, lines.size() - tail);
    lines.subList(from, lines.size()).forEach(out::println);
    out.flush();
    if (follow) {
      follow(file, out);
    }
    return ExitCodes.OK;
  }

  private static void follow(Path file, PrintWriter out) throws IOException, InterruptedException {
    long position = Files.size(file);
    while (!Thread.currentThread().isInterrupted()) {
      long size = Files.size(file);
      if (size < position) {
        position = 0; // a new session started the log again
      }
      if (size > position) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
          f.seek(position);
          byte[] chunk = new byte[(int) (size - position)];
          f.readFully(chunk);
          out.print(new String(chunk, StandardCharsets.UTF_8));
          out.flush();
        }
        position = size;
      }
      Thread.sleep(250);
    }
  }
}
