package com.zenith.functions.local.realize;

import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.local.process.LogSink;
import com.zenith.functions.local.process.OwnerOnly;
import com.zenith.functions.local.process.ProcessTree;
import com.zenith.functions.local.process.RotatingLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * One running instance of a function, the local twin of a Knative revision's pod: a process started
 * with one environment, probed until its port answers, restarted with exponential backoff when it
 * exits (or never answers), and stopped for good once retired. Its output goes to the console and
 * to a log file of its own (the previous run's file is kept for {@code --previous}).
 */
final class Instance {
  /** What the instance tells its runner. */
  interface Listener {
    /** The process answers on {@code port} (first start or after a restart). */
    void ready(Instance instance, int port);

    /**
     * The process exited ({@code reason} ProcessCrashed) or never answered (ServiceNotReady) and
     * will be restarted after a backoff.
     */
    void crashed(Instance instance, String reason, String why);

    /** The environment cannot be computed (a missing Secret, say): the instance did not start. */
    void blocked(Instance instance, String reason, String message);
  }

  /** What the process is started with; {@code env} is computed for each start from its port. */
  record Plan(List<String> run, Path dir, IntFunction<Environment> env) {}

  /** The variables of one start, or why there are none. */
  sealed interface Environment permits Variables, Blocked {}

  /** Start with these. */
  record Variables(Map<String, String> values) implements Environment {}

  /** Do not start: a reason code and a message. */
  record Blocked(String reason, String message) implements Environment {}

  private static final String NOT_ANSWERING = "The process runs but nothing answers";

  private final String pod;
  private final int revision;
  private final Plan plan;
  private final RunnerSettings settings;
  private final LogSink console;
  private final Path logFile;
  private final Listener listener;
  private final AtomicInteger restarts = new AtomicInteger();
  private final Instant created = Instant.now();
  private volatile Process process;
  private volatile int port;
  private volatile boolean ready;
  private volatile boolean retired;
  private volatile Map<String, String> lastEnv = Map.of();

  Instance(
      String pod,
      int revision,
      Plan plan,
      RunnerSettings settings,
      LogSink console,
      Path logFile,
      Listener listener) {
    this.pod = pod;
    this.revision = revision;
    this.plan = plan;
    this.settings = settings;
    this.console = console;
    this.logFile = logFile;
    this.listener = listener;
  }

  String pod() {
    return pod;
  }

  int revision() {
    return revision;
  }

  int port() {
    return port;
  }

  boolean isReady() {
    return ready && !retired;
  }

  boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive() && !retired;
  }

  int restarts() {
    return restarts.get();
  }

  Instant created() {
    return created;
  }

  Path logFile() {
    return logFile;
  }

  Path previousLogFile() {
    return logFile.resolveSibling(logFile.getFileName() + ".previous");
  }

  Map<String, String> environment() {
    return lastEnv;
  }

  /** Starts supervising on a virtual thread of its own. */
  void start() {
    Thread.ofVirtual().name("instance-" + pod).start(this::supervise);
  }

  private void supervise() {
    Duration backoff = Duration.ofSeconds(1);
    while (!retired) {
      long started = System.nanoTime();
      String why = runOnce();
      if (why == null || retired) {
        return;
      }
      String reason =
          why.startsWith(NOT_ANSWERING) ? Reasons.SERVICE_NOT_READY : Reasons.PROCESS_CRASHED;
      if (Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(30)) > 0) {
        backoff = Duration.ofSeconds(1);
      }
      int n = restarts.incrementAndGet();
      listener.crashed(
          this, reason, why + "; restarting in " + backoff.toSeconds() + " s (restart " + n + ").");
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      backoff =
          backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0
              ? settings.maxBackoff()
              : backoff.multipliedBy(2);
    }
  }

  /** One run of the process: null when retired or blocked, else why it ended. */
  private String runOnce() {
    int p;
    try {
      p = freePort();
    } catch (IOException e) {
      return "No free port: " + e.getMessage();
    }
    Environment env = plan.env().apply(p);
    if (env instanceof Blocked b) {
      listener.blocked(this, b.reason(), b.message());
      return null;
    }
    Map<String, String> vars = ((Variables) env).values();
    lastEnv = vars;
    Process proc;
    synchronized (this) {
      if (retired) {
        return null;
      }
      try {
        rotateLog();
        proc = settings.launcher().start(pod, plan.run(), plan.dir(), vars);
      } catch (IOException e) {
        return "Cannot start " + String.join(" ", plan.run()) + ": " + e.getMessage();
      }
      process = proc;
      port = p;
    }
    pump(proc);
    boolean answered = waitReady(proc, p);
    if (answered) {
      ready = true;
      listener.ready(this, p);
    } else if (proc.isAlive() && !retired) {
      ProcessTree.stop(proc.toHandle(), Duration.ofSeconds(2));
      settings.launcher().forget(pod);
      return NOT_ANSWERING
          + " on port "
          + p
          + " after "
          + settings.readyTimeout().toSeconds()
          + " s; does it listen on $PORT?";
    }
    int code;
    try {
      code = proc.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    ready = false;
    settings.launcher().forget(pod);
    return retired ? null : "Process exited with code " + code;
  }

  private boolean waitReady(Process proc, int p) {
    long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
    while (System.nanoTime() < deadline && proc.isAlive() && !retired) {
      if (answers(p)) {
        return true;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /** Stops the instance for good: its process tree gets SIGTERM, then SIGKILL after the grace. */
  void retire(Duration grace) {
    Process p;
    synchronized (this) {
      retired = true;
      p = process;
    }
    if (p != null) {
      ProcessTree.stop(p.toHandle(), grace);
    }
    settings.launcher().forget(pod);
  }

  /** The previous run's log becomes {@code --previous}; its size-rotated part is dropped. */
  private void rotateLog() throws IOException {
    OwnerOnly.directories(logFile.getParent());
    if (Files.exists(logFile)) {
      Files.move(logFile, previousLogFile(), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.deleteIfExists(RotatingLog.rotated(logFile));
  }

  private void pump(Process proc) {
    Thread.ofVirtual()
        .name("log-" + pod)
        .start(
            () -> {
              try (BufferedReader r =
                      new BufferedReader(
                          new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
                  var out = new RotatingLog(logFile, RotatingLog.MAX_BYTES, false)) {
                String line;
                while ((line = r.readLine()) != null) {
                  console.line(line);
                  out.line(line);
                }
              } catch (IOException e) {
                // the process is gone, or the disk is full: the console still has the lines
              }
            });
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  private static boolean answers(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
