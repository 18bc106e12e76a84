package com.zenith.functions.local.gateway.dapr;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import com.zenith.functions.local.gateway.AccessLog;
import com.zenith.functions.local.gateway.RouteTable;
import com.zenith.functions.local.traces.HopObserver;
import io.dapr.v1.CommonProtos;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprInvokeProtos;
import io.dapr.v1.DaprMetadataProtos;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Dapr's gRPC API ({@code dapr.proto.runtime.v1.Dapr}) for one calling function, on the stubs
 * generated from Dapr's protos: {@code InvokeService} calls the target function over HTTP as Dapr's
 * sidecar does, {@code GetMetadata} describes the caller. Every other method is refused with
 * UNIMPLEMENTED by {@link DaprGrpcServer}.
 */
final class DaprGrpcService extends DaprGrpc.DaprImplBase {
  /** Knative's default request timeout, used when the gRPC call has no deadline. */
  static final long DEFAULT_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(300);

  /** Request headers from the caller's gRPC metadata, captured by {@link DaprGrpcServer}. */
  static final Context.Key<Metadata> HEADERS = Context.key("dapr-request-headers");

  /** nginx's "client closed request", the status the gateway's HTTP hops end with then. */
  static final int CLIENT_CLOSED = 499;

  private static final String TRACEPARENT = "traceparent";

  private final RouteTable routes;
  private final DaprCaller caller;
  private final AppChannel channel;
  private final AccessLog accessLog;
  private final HopObserver hops;

  DaprGrpcService(
      RouteTable routes,
      DaprCaller caller,
      AppChannel channel,
      AccessLog accessLog,
      HopObserver hops) {
    this.routes = routes;
    this.caller = caller;
    this.channel = channel;
    this.accessLog = accessLog;
    this.hops = hops;
  }

  @Override
  public void getMetadata(
      DaprMetadataProtos.GetMetadataRequest request,
      StreamObserver<DaprMetadataProtos.GetMetadataResponse> out) {
    out.onNext(caller.metadata(routes).proto());
    out.onCompleted();
  }

  @Override
  public void invokeService(
      DaprInvokeProtos.InvokeServiceRequest request,
      StreamObserver<CommonProtos.InvokeResponse> out) {
    long start = System.nanoTime();
    CommonProtos.InvokeRequest message = request.getMessage();
    String method = message.getMethod();
    DaprCaller.Target t = caller.resolve(routes, request.getId());
    if (t.error() != null) {
      log(request.getId(), method, 500, start);
      out.onError(Status.INTERNAL.withDescription(t.error().message()).asRuntimeException());
      return;
    }
    String verb = verb(message);
    String uri = "/" + stripLeadingSlash(method);
    String query = message.getHttpExtension().getQuerystring();
    if (!query.isEmpty()) {
      uri += "?" + query;
    }
    MultiMap headers = headers(HEADERS.get());
    if (!message.getContentType().isEmpty()) {
      headers.set(HttpHeaders.CONTENT_TYPE, message.getContentType());
    }
    headers.set(DaprHttpApi.CALLER_HEADER, caller.appId(routes));
    headers.set(DaprHttpApi.CALLEE_HEADER, t.route().appId());
    String target = t.route().key();
    // The same hop as an HTTP invocation's: it continues the caller's traceparent (metadata) and
    // the function receives the hop's own.
    Hop hop = new Hop(hops.begin(caller.hopName(), target, verb, uri, headers.get(TRACEPARENT)));
    if (hop.traceparent() != null) {
      headers.set(TRACEPARENT, hop.traceparent());
    }
    Context context = Context.current();
    long timeout =
        context.getDeadline() == null
            ? DEFAULT_TIMEOUT_MS
            : Math.max(1, context.getDeadline().timeRemaining(TimeUnit.MILLISECONDS));
    AppChannel.Call call =
        channel.call(
            t.route(),
            HttpMethod.valueOf(verb),
            uri,
            headers,
            Buffer.buffer(message.getData().getValue().toByteArray()),
            timeout);
    context.addListener(
        c -> {
          // The caller gave up (cancelled, or its own deadline passed): as an HTTP client closing
          // its connection, 499. Also called once the call is answered; the hop has ended then.
          hop.end(CLIENT_CLOSED, "the caller cancelled the call before the answer");
          call.cancel();
        },
        Runnable::run);
    call.reply()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                hop.end(0, ar.cause().getMessage());
                log(target, method, 500, start);
                out.onError(
                    Status.INTERNAL
                        .withDescription(
                            DaprError.noSuchApp(
                                    request.getId(),
                                    "function "
                                        + target
                                        + " does not answer: "
                                        + ar.cause().getMessage())
                                .message())
                        .asRuntimeException());
                return;
              }
              AppChannel.Reply r = ar.result();
              hop.end(r.status(), null);
              log(target, method, r.status(), start);
              if (r.status() < 200 || r.status() > 299) {
                out.onError(httpError(r));
                return;
              }
              out.onNext(
                  CommonProtos.InvokeResponse.newBuilder()
                      .setData(Any.newBuilder().setValue(ByteString.copyFrom(r.body().getBytes())))
                      .setContentType(r.contentType() == null ? "" : r.contentType())
                      .build());
              out.onCompleted();
            });
  }

  /** A hop ended once, by whichever comes first: the answer, or the call's cancellation. */
  private static final class Hop {
    private final HopObserver.Hop hop;
    private final AtomicBoolean ended = new AtomicBoolean();

    Hop(HopObserver.Hop hop) {
      this.hop = hop;
    }

    String traceparent() {
      return hop.traceparent();
    }

    void end(int status, String error) {
      if (ended.compareAndSet(false, true)) {
        hop.end(status, error);
      }
    }
  }

  /** Dapr's verb rule: the HTTP extension's verb, POST when none is given. */
  static String verb(CommonProtos.InvokeRequest message) {
    if (!message.hasHttpExtension()) {
      return "POST";
    }
    var v = message.getHttpExtension().getVerb();
    return v == CommonProtos.HTTPExtension.Verb.NONE
            || v == CommonProtos.HTTPExtension.Verb.UNRECOGNIZED
        ? "POST"
        : v.name();
  }

  /**
   * A non-2xx answer as Dapr maps it: the gRPC code for the HTTP status (grpc's mapping), and an
   * ErrorInfo in the domain dapr.io with the HTTP code and the start of the body.
   */
  static RuntimeException httpError(AppChannel.Reply r) {
    String detail = r.body().toString();
    if (detail.length() > 63) {
      detail = detail.substring(0, 63);
    }
    String text = r.statusMessage() == null ? Integer.toString(r.status()) : r.statusMessage();
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(codeFor(r.status()).value())
            .setMessage(text)
            .addDetails(
                Any.pack(
                    ErrorInfo.newBuilder()
                        .setReason(text)
                        .setDomain("dapr.io")
                        .putMetadata("http.code", Integer.toString(r.status()))
                        .putMetadata("http.error_message", detail)
                        .build()))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  /** gRPC's HTTP-to-gRPC status mapping, as Dapr applies it to an app's answer. */
  static Status.Code codeFor(int http) {
    return switch (http) {
      case 400 -> Status.Code.INTERNAL;
      case 401 -> Status.Code.UNAUTHENTICATED;
      case 403 -> Status.Code.PERMISSION_DENIED;
      case 404 -> Status.Code.NOT_FOUND;
      case 408 -> Status.Code.CANCELLED;
      case 409 -> Status.Code.ALREADY_EXISTS;
      case 429 -> Status.Code.RESOURCE_EXHAUSTED;
      case 501 -> Status.Code.UNIMPLEMENTED;
      case 503 -> Status.Code.UNAVAILABLE;
      case 504 -> Status.Code.DEADLINE_EXCEEDED;
      default -> Status.Code.UNKNOWN;
    };
  }

  /** The caller's metadata as HTTP headers, without gRPC's own and binary entries. */
  private static MultiMap headers(Metadata md) {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    if (md == null) {
      return out;
    }
    for (String key : md.keys()) {
      String k = key.toLowerCase(Locale.ROOT);
      if (k.startsWith(":")
          || k.startsWith("grpc-")
          || k.endsWith(Metadata.BINARY_HEADER_SUFFIX)
          || k.equals("content-type")
          || k.equals("te")
          || k.equals("user-agent")
          || k.equals("dapr-app-id")) {
        continue;
      }
      for (String v : md.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER))) {
        out.add(key, v);
      }
    }
    return out;
  }

  private static String stripLeadingSlash(String s) {
    return s.startsWith("/") ? s.substring(1) : s;
  }

  private void log(String target, String method, int status, long start) {
    accessLog.record(
        caller.name(),
        "GRPC",
        target,
        "InvokeService " + method,
        status,
        (System.nanoTime() - start) / 1e6);
  }
}
