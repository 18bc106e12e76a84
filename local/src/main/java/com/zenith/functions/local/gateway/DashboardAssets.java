package com.zenith.functions.local.gateway;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's static files, read once from the jar (never on an event loop) and served from
 * memory: plain HTML, JavaScript and CSS, with nothing fetched from a network.
 */
final class DashboardAssets {
  private static final String ROOT = "/com/zenith/functions/local/dashboard/";
  private static final String[] FILES = {
    "index.html",
    "style.css",
    "app.js",
    "functions.js",
    "logs.js",
    "graph.js",
    "traces.js",
    "events.js"
  };

  /** One file and its content type. */
  record Asset(String contentType, Buffer body) {}

  private static final class Holder {
    static final Map<String, Asset> ASSETS = load();
  }

  private DashboardAssets() {}

  /** The file served at {@code /_zenith/ui/<name>} ("" is index.html), or null. */
  static Asset get(String name) {
    return Holder.ASSETS.get(name.isEmpty() ? "index.html" : name);
  }

  /** Reads the files now, so that the first request does not read the jar on an event loop. */
  static void preload() {
    get("");
  }

  private static Map<String, Asset> load() {
    Map<String, Asset> assets = new LinkedHashMap<>();
    for (String f : FILES) {
      try (InputStream in = DashboardAssets.class.getResourceAsStream(ROOT + f)) {
        if (in == null) {
          throw new IllegalStateException("the dashboard's " + f + " is missing from the jar");
        }
        assets.put(f, new Asset(type(f), Buffer.buffer(in.readAllBytes())));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the dashboard's " + f, e);
      }
    }
    return Map.copyOf(assets);
  }

  private static String type(String f) {
    if (f.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (f.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    return "text/javascript; charset=utf-8";
  }
}
