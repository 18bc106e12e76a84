package com.zenith.functions.cli.commands;

import com.zenith.functions.cli.ExitCodes;
import com.zenith.functions.cli.ZenithDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code zenith kubeconfig}: the kubeconfig that points kubectl at the running engine. */
@Command(
    name = "kubeconfig",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the kubeconfig of the running zenith dev engine (cluster, user with its token,"
          + " context zenith), as kind get kubeconfig does. Use it with:",
      "  export KUBECONFIG=$(zenith kubeconfig --path)   or   zenith kubeconfig > ~/.kube/zenith"
    })
public final class KubeconfigCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Option(names = "--path", description = "Print the file's path instead.")
  boolean path;

  @Override
  public Integer call() throws Exception {
    Path file = ZenithDirs.state(System.getenv()).resolve("kubeconfig");
    if (!Files.isRegularFile(file)) {
      spec.commandLine()
          .getErr()
          .println(
              "zenith kubeconfig: no engine has run on "
                  + file.getParent()
                  + " yet (start one with zenith dev).");
      return ExitCodes.INVALID;
    }
    spec.commandLine()
        .getOut()
        .print(path ? file + System.lineSeparator() : Files.readString(file));
    return ExitCodes.OK;
  }
}
