package dev.autodiscover.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP exchange over {@code java.net.http}, bounded in time and size: the whole exchange, body
 * included, must finish within the timeout, and bodies over {@link #MAX_BODY_BYTES} are refused. Redirects
 * are never followed here (the client is built with {@code Redirect.NEVER}); the engine decides. Thread-safe.
 */
public final class HttpTransport {
  /** Largest response body accepted. */
  public static final int MAX_BODY_BYTES = 512 * 1024;

  private final HttpClient client;
  private final TlsLiveness liveness;

  /** Wraps a client; it must have been built with {@link HttpClient.Redirect#NEVER}. */
  public HttpTransport(HttpClient client, TlsLiveness liveness) {
    if (client.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException("the Autodiscover transport needs a client that never follows redirects");
    }
    this.client = client;
    this.liveness = liveness;
  }

  /** {@return the JDK client behind this transport} */
  public HttpClient client() {
    return client;
  }

  /** Which servers reached through this transport have answered a TLS handshake. */
  public TlsLiveness liveness() {
    return liveness;
  }

  /** A complete response. */
  public record Response(int status, HttpHeaders headers, byte[] body) {
    /** The first value of a header, if present. */
    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    /** Every value of a header. */
    public List<String> headers(String name) {
      return headers.allValues(name);
    }
  }

  /** The exchange did not complete within its time budget. */
  public static final class AttemptTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;

    AttemptTimeoutException(Duration timeout) {
      super("no complete answer within " + timeout.toMillis() + " ms");
    }
  }

  /**
   * The server sent a status outside 100..599 (the JDK client accepts any three digits): a protocol violation
   * by the server. Its message names only the number, never the server's reason phrase.
   */
  public static final class InvalidStatusException extends IOException {
    private static final long serialVersionUID = 1L;

    InvalidStatusException(String status) {
      super("HTTP " + status + " is not a valid status (protocol violation by the server)");
    }

    InvalidStatusException() {
      super("the server sent an invalid HTTP status line (protocol violation by the server)");
    }
  }

  /** The response body was larger than allowed. */
  public static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long limit) {
      super("response body larger than " + limit + " bytes");
    }
  }

  /**
   * Sends one request. The returned future completes with a response whose status is in 100..599, or
   * exceptionally with an {@link IOException} ({@link AttemptTimeoutException} when the budget ran out,
   * {@link InvalidStatusException} for any other status line). Cancelling the returned
   * future (the caller registers it with its run's cancellation scope) aborts the exchange.
   */
  public CompletableFuture<Response> send(HttpRequest request, Duration timeout) {
    CompletableFuture<HttpResponse<byte[]>> exchange =
        client.sendAsync(request, info -> new LimitedBodySubscriber(MAX_BODY_BYTES, info.headers()));
    CompletableFuture<Response> result = new CompletableFuture<>();
    exchange.whenComplete((r, e) -> {
      if (e == null && (r.statusCode() < 100 || r.statusCode() > 599)) {
        result.completeExceptionally(new InvalidStatusException(String.valueOf(r.statusCode())));
      } else if (e == null) {
        result.complete(new Response(r.statusCode(), r.headers(), r.body()));
      } else {
        Optional<InvalidStatusException> invalid = invalidStatusLine(e);
        result.completeExceptionally(invalid.isPresent() ? invalid.get() : e);
      }
    });
    // Our own clock covers connect, TLS, headers and body; HttpRequest.timeout() alone stops at the headers.
    CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
      if (result.completeExceptionally(new AttemptTimeoutException(timeout))) {
        exchange.cancel(true);
      }
    });
    result.whenComplete((r, e) -> {
      if (e != null && !exchange.isDone()) {
        exchange.cancel(true);
      }
    });
    return result;
  }

  /**
   * The JDK's own refusal of a status line (below 100, or not three digits) as an {@link InvalidStatusException};
   * only the digits are kept from the server's line.
   */
  private static Optional<InvalidStatusException> invalidStatusLine(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (c instanceof ProtocolException && m != null && m.startsWith("Invalid status line")) {
        Matcher digits = STATUS_DIGITS.matcher(m);
        return Optional.of(digits.find()
            ? new InvalidStatusException(String.valueOf(Long.parseLong(digits.group(1))))
            : new InvalidStatusException());
      }
    }
    return Optional.empty();
  }

  private static final Pattern STATUS_DIGITS =
      Pattern.compile("^Invalid status line: \"HTTP/\\d\\.\\d (\\d{1,9})(?:[ \"]|$)");

  /** Whether a failure is a timeout of the exchange (ours or the JDK's). */
  public static boolean isTimeout(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AttemptTimeoutException
          || c instanceof java.net.http.HttpTimeoutException
          || c instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** Collects a body up to a limit; cancels the stream and fails when the limit is passed. */
  private static final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final long limit;
    private final long declaredLength;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.@org.jspecify.annotations.Nullable Subscription subscription;

    LimitedBodySubscriber(long limit, HttpHeaders headers) {
      this.limit = limit;
      this.declaredLength = headers.firstValueAsLong("content-length").orElse(-1);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (declaredLength > limit) {
        s.cancel();
        body.completeExceptionally(new BodyTooLargeException(limit));
        return;
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (body.isDone()) {
        return;
      }
      for (ByteBuffer b : buffers) {
        if (out.size() + (long) b.remaining() > limit) {
          Flow.Subscription s = subscription;
          if (s != null) {
            s.cancel();
          }
          body.completeExceptionally(new BodyTooLargeException(limit));
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        out.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      body.complete(out.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }
  }
}
