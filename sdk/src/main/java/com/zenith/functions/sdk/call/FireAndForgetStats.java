package com.zenith.functions.sdk.call;

/**
 * Counters of the fire-and-forget queue since start.
 *
 * @param accepted sends put on the queue
 * @param succeeded sends that got a 2xx/3xx (after retries)
 * @param failed sends that failed after their retries (each one is logged)
 * @param dropped sends refused because the queue was full (logged, first and every 100th)
 * @param pending accepted sends not finished yet (queued or in flight)
 */
public record FireAndForgetStats(
    long accepted, long succeeded, long failed, long dropped, int pending) {}
