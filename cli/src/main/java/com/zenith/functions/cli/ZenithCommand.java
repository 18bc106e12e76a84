package com.zenith.functions.cli;

import com.zenith.functions.cli.commands.ApplyCommand;
import com.zenith.functions.cli.commands.DevCommand;
import com.zenith.functions.cli.commands.EventsCommand;
import com.zenith.functions.cli.commands.GetCommand;
import com.zenith.functions.cli.commands.InvokeCommand;
import com.zenith.functions.cli.commands.KubeconfigCommand;
import com.zenith.functions.cli.commands.LogsCommand;
import com.zenith.functions.cli.commands.OperatorCommand;
import com.zenith.functions.cli.commands.RenderCommand;
import com.zenith.functions.cli.commands.TracesCommand;
import com.zenith.functions.cli.commands.ValidateCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code zenith} root command. */
@Command(
    name = "zenith",
    mixinStandardHelpOptions = true,
    versionProvider = ZenithCommand.Version.class,
    description = "Serverless functions for Kubernetes: one Function spec, two engines.",
    subcommands = {
      DevCommand.class,
      ValidateCommand.class,
      RenderCommand.class,
      ApplyCommand.class,
      GetCommand.class,
      InvokeCommand.class,
      EventsCommand.class,
      TracesCommand.class,
      LogsCommand.class,
      KubeconfigCommand.class,
      OperatorCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Success.",
      "1:Invalid input (for example a manifest that fails validation).",
      "2:Wrong usage of the command line.",
      "3:Internal error of zenith."
    })
public final class ZenithCommand implements java.util.concurrent.Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Without a command, prints the usage to standard error: that is a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = execute(args, out, err, Style.detect(System.getenv()));
    // Autoflush covers println only: a command that ends with print() must still be seen.
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs the CLI with the given writers; returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err, Style style) {
    CommandLine cli = commandLine(out, err, style);
    return cli.execute(args);
  }

  /** The configured command line, with injected writers: used by main and tests. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err, Style style) {
    CommandLine cli = new CommandLine(new ZenithCommand(), new Factory(style));
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(e -> ExitCodes.INTERNAL);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("zenith: internal error: " + e);
          if (System.getenv("ZENITH_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
          } else {
            cmd.getErr().println("Run again with ZENITH_DEBUG=1 for details, and report it.");
          }
          return ExitCodes.INTERNAL;
        });
    cli.setParameterExceptionHandler(
        (e, params) -> {
          CommandLine cmd = e.getCommandLine();
          cmd.getErr().println("zenith: " + e.getMessage());
          cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
          return ExitCodes.USAGE;
        });
    return cli;
  }

  /** Creates commands with the shared style. */
  private record Factory(Style style) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (cls == ValidateCommand.class) {
        return cls.cast(new ValidateCommand(style));
      }
      if (cls == RenderCommand.class) {
        return cls.cast(new RenderCommand(style));
      }
      if (cls == ApplyCommand.class) {
        return cls.cast(new ApplyCommand(style));
      }
      if (cls == DevCommand.class) {
        return cls.cast(new DevCommand(style));
      }
      if (cls == TracesCommand.class) {
        return cls.cast(new TracesCommand(style));
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }

  /** Reads the version written into the jar at build time. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = ZenithCommand.class.getResourceAsStream("/zenith-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "zenith " + p.getProperty("version", "unknown"),
        "Function API " + com.zenith.functions.api.v1alpha1.Function.API_VERSION,
        "Java " + Runtime.version()
      };
    }
  }
}
