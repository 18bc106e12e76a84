package com.zenith.functions.local.events;

/**
 * An event the broker gave up delivering to one trigger, with why and after how many attempts;
 * {@code event} is its structured JSON.
 */
public record DeadLetter(
    long seq,
    String trigger,
    String subscriber,
    String reason,
    int attempts,
    String time,
    String event) {}
