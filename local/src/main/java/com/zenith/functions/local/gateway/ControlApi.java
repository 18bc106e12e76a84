package com.zenith.functions.local.gateway;

/** The session's own endpoints, served at the gateway's loopback name. */
public interface ControlApi {
  /** The JSON body of {@code GET /_zenith/v1/functions}: the functions and their status. */
  String functionsJson();
}
