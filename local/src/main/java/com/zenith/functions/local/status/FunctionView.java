package com.zenith.functions.local.status;

import com.zenith.functions.api.v1alpha1.BuildStatus;
import com.zenith.functions.api.v1alpha1.Condition;
import java.util.List;

/**
 * A snapshot of one function of a zenith dev session, as {@code zenith get} and the dashboard show
 * it: the Ready summary, every condition (BuildSucceeded's message carries a failed build's log
 * tail) and the build.
 */
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
    List<String> ignored,
    List<Condition> conditions,
    BuildStatus build) {}
