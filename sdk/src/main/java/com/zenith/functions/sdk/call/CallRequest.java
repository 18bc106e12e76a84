package com.zenith.functions.sdk.call;

import com.zenith.functions.sdk.trace.TraceContext;
import java.net.http.HttpRequest;

/** The HTTP request of a call, built once and sent by every attempt. */
final class CallRequest {
  private CallRequest() {}

  /** The call's method, URL, per-attempt timeout, body, headers and the trace headers. */
  static HttpRequest of(CallEngine.Call call, TraceContext trace) {
    var b = HttpRequest.newBuilder(call.uri()).timeout(call.timeout());
    b.method(
        call.method(),
        call.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(call.body()));
    if (call.contentType() != null) {
      b.header("Content-Type", call.contentType());
    }
    call.headers().forEach(b::header);
    if (trace != null) {
      trace.writeTo(b::header);
    }
    return b.build();
  }
}
