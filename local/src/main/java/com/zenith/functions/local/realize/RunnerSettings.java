package com.zenith.functions.local.realize;

import com.zenith.functions.local.build.BuildDetector;
import com.zenith.functions.local.build.Builder;
import com.zenith.functions.local.source.SourceResolver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What every function runner of an engine shares.
 *
 * @param sources where sources come from (--source, the local-source annotation, git)
 * @param detector which toolchain builds a source
 * @param builder runs builds, with the content-hash cache
 * @param buildDir build outputs, one directory per function
 * @param logDir log files, one directory per namespace
 * @param readyTimeout how long a started process may take to answer on its port
 * @param maxBackoff the longest wait between restarts of a crashing process
 * @param baseEnv what every process inherits (PATH, HOME, locale)
 * @param launcher starts processes so that they die with the engine
 * @param manifestBase the directory a relative local-source annotation is resolved against when the
 *     Function did not come from a file (applied with kubectl)
 * @param tracing the OTel variables and agents a traced function gets
 */
public record RunnerSettings(
    SourceResolver sources,
    BuildDetector detector,
    Builder builder,
    Path buildDir,
    Path logDir,
    Duration readyTimeout,
    Duration maxBackoff,
    Map<String, String> baseEnv,
    ProcessLauncher launcher,
    Path manifestBase,
    java.util.function.BiConsumer<String, Path> sourceBuilt,
    com.zenith.functions.local.traces.TracingSetup tracing) {}
