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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP exchange over {@code java.net.http}, bounded in time and size: the whole exchange, body
 * included, must finish within the timeout, and bodies over {@link #MAX_BODY_BYTES} are refused. Redirects
 * are never followed here (the client is built with {@code Redirect.NEVER}); the engine decides. Thread-safe.
 *
 * <p>Nothing of an exchange outlives it: its timeout is a task on the owning client's scheduler, cancelled (and
 * removed, the scheduler having {@code removeOnCancelPolicy}) as soon as the exchange ends, and the body buffer
 * is dropped once the bytes are handed over. The JDK keeps the last body subscriber and response of a pooled
 * connection reachable from that connection; both are left empty, so an idle keep-alive connection pins no body.
 */
public final class HttpTransport {
  /** Largest response body accepted. */
  public static final int MAX_BODY_BYTES = 512 * 1024;
  /** How long a cancelled exchange of a pooled connection may still end by itself before it is aborted. */
  static final Duration CANCELLED_GRACE = Duration.ofSeconds(1);

  private final HttpClient client;
  private final TlsLiveness liveness;
  private final ScheduledExecutorService timers;
  private final boolean closeAfterExchange;
  /** Cancelled exchanges given their grace (see {@link #abortAfterGrace}), until they end. */
  private final java.util.Set<CompletableFuture<?>> lingering = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean closing;

  /**
   * Wraps a client; it must have been built with {@link HttpClient.Redirect#NEVER}.
   *
   * @param client the JDK client
   * @param liveness where TLS handshakes are noted
   * @param timers runs the attempt timeouts; should remove cancelled tasks ({@code removeOnCancelPolicy})
   * @param closeAfterExchange whether to close each connection once its response is read, instead of leaving it
   *     to the client's pool: the body subscription is cancelled as the last declared byte arrives (or at once
   *     for an empty body), which makes the JDK close the connection; a body of unknown length (chunked) is read
   *     to its end and its connection pooled as usual
   */
  public HttpTransport(HttpClient client, TlsLiveness liveness, ScheduledExecutorService timers,
      boolean closeAfterExchange) {
    if (client.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException("the Autodiscover transport needs a client that never follows redirects");
    }
    this.client = client;
    this.liveness = liveness;
    this.timers = timers;
    this.closeAfterExchange = closeAfterExchange;
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
   * future (the caller registers it with its run's cancellation scope) ends it at once; the exchange itself is
   * aborted at once on a transport that closes its connections after each exchange, or when its request is not yet
   * sent in full, else after at most {@link #CANCELLED_GRACE} (within the timeout) unless it ends by itself first, so
   * that its connection stays usable (see {@link #abortAfterGrace}).
   */
  public CompletableFuture<Response> send(HttpRequest request, Duration timeout) {
    SentMark sent = new SentMark();
    HttpRequest noted = closeAfterExchange ? request : sent.wrap(request);
    CompletableFuture<HttpResponse<BodyHolder>> exchange =
        client.sendAsync(noted, info -> new LimitedBodySubscriber(MAX_BODY_BYTES, info.headers(), closeAfterExchange));
    CompletableFuture<Response> result = new CompletableFuture<>();
    exchange.whenComplete((r, e) -> {
      if (e == null) {
        byte[] body = r.body().take(); // the JDK may keep r reachable from a pooled connection: empty it
        if (r.statusCode() < 100 || r.statusCode() > 599) {
          result.completeExceptionally(new InvalidStatusException(String.valueOf(r.statusCode())));
        } else {
          result.complete(new Response(r.statusCode(), r.headers(), body));
        }
      } else {
        Optional<InvalidStatusException> invalid = invalidStatusLine(e);
        result.completeExceptionally(invalid.isPresent() ? invalid.get() : e);
      }
    });
    // Our own clock covers connect, TLS, headers and body; HttpRequest.timeout() alone stops at the headers.
    ScheduledFuture<?> timer;
    try {
      timer = timers.schedule(() -> {
        if (result.completeExceptionally(new AttemptTimeoutException(timeout))) {
          exchange.cancel(true);
        }
      }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      exchange.cancel(true);
      result.completeExceptionally(new java.util.concurrent.CancellationException("the client is closed"));
      return result;
    }
    long ends = System.nanoTime() + timeout.toNanos();
    result.whenComplete((r, e) -> {
      timer.cancel(false); // removed from the queue at once: the task no longer pins this exchange
      if (e != null && !exchange.isDone()) {
        if (e instanceof java.util.concurrent.CancellationException && !closeAfterExchange && sent.sent && !closing) {
          abortAfterGrace(exchange, ends);
        } else {
          exchange.cancel(true);
        }
      }
    });
    return result;
  }

  /**
   * A cancelled exchange of the shared client whose request has been sent in full (its run took another answer, or
   * was cancelled, or its deadline passed) is given {@link #CANCELLED_GRACE}, within its own time budget, to end by
   * itself, and is aborted only then: aborting an HTTP/1.1 exchange closes its connection, and the next lookup would
   * pay for a new one (a request the run no longer needs, such as AUTO's SOAP request at a root domain that does not
   * serve POX, is typically answered a few ms later). Nothing more is sent: an exchange whose request is not yet sent
   * in full (still connecting, in TLS, or writing) is aborted at once. Its response is read within the body limit and
   * dropped; nothing of it reaches the run. {@link #close()} aborts such exchanges at once. Over HTTP/2, where
   * aborting resets only the stream, the grace changes nothing but the time the stream stays open.
   */
  private void abortAfterGrace(CompletableFuture<?> exchange, long budgetEnds) {
    long grace = Math.min(CANCELLED_GRACE.toNanos(), budgetEnds - System.nanoTime());
    if (grace <= 0) {
      exchange.cancel(true);
      return;
    }
    lingering.add(exchange);
    exchange.whenComplete((r, e) -> lingering.remove(exchange));
    try {
      ScheduledFuture<?> abort = timers.schedule(() -> {
        exchange.cancel(true);
      }, grace, TimeUnit.NANOSECONDS);
      exchange.whenComplete((r, e) -> abort.cancel(false));
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      exchange.cancel(true); // the client is closing
    }
    if (closing) { // close() may have run before this exchange was added
      exchange.cancel(true);
    }
  }

  /**
   * Aborts, at once, the cancelled exchanges still given their grace, and every one cancelled from now on; for the
   * owner's close (the scheduler that would abort them later is shut down with it). Idempotent.
   */
  public void close() {
    closing = true;
    for (CompletableFuture<?> e : List.copyOf(lingering)) {
      e.cancel(true);
    }
  }

  /**
   * Notes when a request's body has been handed to the JDK in full, by wrapping its body publisher: the JDK
   * subscribes to it once the connection is up and the request head is written, and the last byte is then on its way.
   */
  private static final class SentMark {
    volatile boolean sent;

    HttpRequest wrap(HttpRequest request) {
      HttpRequest.BodyPublisher body = request.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody());
      HttpRequest.BodyPublisher noting = new HttpRequest.BodyPublisher() {
        @Override
        public long contentLength() {
          return body.contentLength();
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
          body.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
              subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(ByteBuffer item) {
              subscriber.onNext(item);
            }

            @Override
            public void onError(Throwable throwable) {
              subscriber.onError(throwable);
            }

            @Override
            public void onComplete() {
              sent = true;
              subscriber.onComplete();
            }
          });
        }
      };
      return HttpRequest.newBuilder(request, (name, value) -> true).method(request.method(), noting).build();
    }
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

  /**
   * A body handed from the subscriber to {@link #send}: {@link #take()} returns the bytes once and forgets them, so
   * that what the JDK keeps of a finished exchange holds no body.
   */
  private static final class BodyHolder {
    private byte @org.jspecify.annotations.Nullable [] bytes;

    BodyHolder(byte[] bytes) {
      this.bytes = bytes;
    }

    synchronized byte[] take() {
      byte[] b = bytes;
      bytes = null;
      return b == null ? new byte[0] : b;
    }
  }

  /**
   * Collects a body up to a limit; cancels the stream and fails when the limit is passed. Its buffer is dropped
   * when the body completes or fails.
   */
  private static final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<BodyHolder> {
    private final long limit;
    private final long declaredLength;
    private final boolean closeWhenRead;
    private final CompletableFuture<BodyHolder> body = new CompletableFuture<>();
    private @org.jspecify.annotations.Nullable ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.@org.jspecify.annotations.Nullable Subscription subscription;

    LimitedBodySubscriber(long limit, HttpHeaders headers, boolean closeWhenRead) {
      this.limit = limit;
      this.declaredLength = headers.firstValueAsLong("content-length").orElse(-1);
      this.closeWhenRead = closeWhenRead;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (declaredLength > limit) {
        fail(new BodyTooLargeException(limit));
        return;
      }
      if (closeWhenRead && declaredLength == 0) {
        completeAndClose();
        return;
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      ByteArrayOutputStream o = out;
      if (o == null || body.isDone()) {
        return;
      }
      for (ByteBuffer b : buffers) {
        if (o.size() + (long) b.remaining() > limit) {
          fail(new BodyTooLargeException(limit));
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        o.write(chunk, 0, chunk.length);
      }
      if (closeWhenRead && o.size() == declaredLength) {
        completeAndClose();
      }
    }

    /** The whole declared body is here: cancelling the subscription makes the JDK close the connection, not pool it. */
    private void completeAndClose() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      onComplete();
    }

    private void fail(IOException e) {
      Flow.Subscription s = subscription;
      subscription = null;
      out = null;
      if (s != null) {
        s.cancel();
      }
      body.completeExceptionally(e);
    }

    @Override
    public void onError(Throwable t) {
      out = null;
      subscription = null;
      body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      ByteArrayOutputStream o = out;
      out = null;
      subscription = null;
      if (o != null) {
        body.complete(new BodyHolder(o.toByteArray()));
      }
    }

    @Override
    public CompletionStage<BodyHolder> getBody() {
      return body;
    }
  }
}
