package com.zenith.functions.local.status;

import java.util.List;

/** A snapshot of one function of a zenith dev session, as {@code zenith get} shows it. */
public record FunctionView(
    String name,
    String namespace,
    String ready,
    String reason,
    String message,
    String url,
    int port,
    int restarts,
    String log,
    List<String> ignored) {}
