package com.zenith.functions.local.events;

/** One line of {@code zenith events tail}: what happened to one delivery attempt. */
public record DeliveryRecord(
    long seq,
    String time,
    String id,
    String type,
    String trigger,
    String subscriber,
    int status,
    int attempts,
    String outcome) {}
