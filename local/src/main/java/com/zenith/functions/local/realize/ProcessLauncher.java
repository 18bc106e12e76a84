package com.zenith.functions.local.realize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zenith.functions.local.process.OwnerOnly;
import com.zenith.functions.local.process.ProcessTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts function processes so that none outlives the engine: each runs under {@code setpriv
 * --pdeathsig KILL} where the machine has it (the kernel kills it when the engine dies, even by
 * kill -9), and each is recorded in the state directory so that an engine starting after a crash
 * can stop what the kernel did not (children of children, machines without setpriv).
 */
public final class ProcessLauncher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessLauncher.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  /** What is recorded of a started process: enough to know it again after a crash. */
  record Record(long pid, String startedAt, String command) {}

  private final Path records;
  private final boolean pdeathsig;
  // The parent-death signal fires when the thread that forked the child ends, so every process
  // is forked from this one thread, which lives as long as the engine.
  private final ExecutorService spawner =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("zenith-spawn").unstarted(r));

  /** A launcher recording its processes under {@code records}. */
  public ProcessLauncher(Path records) throws IOException {
    this.records = records;
    OwnerOnly.directories(records);
    this.pdeathsig =
        System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
            && Files.isExecutable(SETPRIV);
  }

  /** True when processes die with the engine through the kernel's parent-death signal. */
  public boolean diesWithEngine() {
    return pdeathsig;
  }

  /**
   * Stops every process a previous engine on this state directory recorded and left running (its
   * whole tree), and returns how many it stopped.
   */
  public int reapOrphans() {
    int stopped = 0;
    try (Stream<Path> files = Files.list(records)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        try {
          Record r = JSON.readValue(f.toFile(), Record.class);
          var handle = ProcessHandle.of(r.pid());
          if (handle.isPresent() && sameProcess(handle.get(), r)) {
            LOG.info("stopping pid {} left by an earlier engine: {}", r.pid(), r.command());
            ProcessTree.stop(handle.get(), Duration.ofSeconds(3));
            stopped++;
          }
        } catch (IOException e) {
          LOG.warn("ignoring unreadable process record {}: {}", f, e.getMessage());
        }
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      LOG.warn("cannot read process records in {}: {}", records, e.getMessage());
    }
    return stopped;
  }

  private static boolean sameProcess(ProcessHandle h, Record r) {
    // A pid can be reused: only a process that started when the record says is ours.
    return h.info().startInstant().map(i -> i.toString().equals(r.startedAt())).orElse(false);
  }

  /** Starts {@code run} in {@code dir} with exactly {@code env}, output and errors merged. */
  public Process start(String id, List<String> run, Path dir, Map<String, String> env)
      throws IOException {
    List<String> command = new ArrayList<>();
    if (pdeathsig) {
      command.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
    }
    command.addAll(run);
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    Future<Process> f = spawner.submit(pb::start);
    Process p;
    try {
      p = f.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + run.get(0), e);
    }
    String started = p.toHandle().info().startInstant().map(Instant::toString).orElse("");
    try {
      Path tmp = records.resolve(id + ".json.tmp");
      JSON.writeValue(tmp.toFile(), new Record(p.pid(), started, String.join(" ", run)));
      OwnerOnly.file(tmp);
      Files.move(tmp, records.resolve(id + ".json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("cannot record pid {} ({}): {}", p.pid(), id, e.getMessage());
    }
    return p;
  }

  /** Forgets a process that has been stopped. */
  public void forget(String id) {
    try {
      Files.deleteIfExists(records.resolve(id + ".json"));
    } catch (IOException e) {
      LOG.warn("cannot remove process record {}: {}", id, e.getMessage());
    }
  }

  @Override
  public void close() {
    spawner.shutdownNow();
  }
}
