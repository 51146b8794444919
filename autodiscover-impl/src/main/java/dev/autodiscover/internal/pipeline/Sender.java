package dev.autodiscover.internal.pipeline;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.internal.http.HttpTransport;
import dev.autodiscover.internal.http.TransportFailure;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

/**
 * Sends one HTTP request of a run: its timeout is the method's attempt timeout capped by the time left
 * before the run's deadline, timeouts are retried through Resilience4j as the request says (nothing else is
 * retried; the retry is set up only once a send has timed out), and the exchange is registered with the caller's
 * cancellation scope. Stateless.
 */
public final class Sender {
  /** Pause between a timed-out send and its retry. */
  static final Duration RETRY_PAUSE = Duration.ofMillis(20);

  private Sender() {}

  /**
   * Where and how a run's requests are sent.
   *
   * @param transport the HTTP transport for the request's proxy and SSL context
   * @param scheduler runs retry pauses
   * @param run the run's deadline and cancellation
   * @param scope the cancellation scope of this part of the run (the run's own or a child)
   * @param method the discovery method whose timeouts apply
   * @param attemptTimeout the method's time budget per send
   * @param retriesOnTimeout how many times a timed-out send is repeated
   */
  public record Context(HttpTransport transport, ScheduledExecutorService scheduler, RunScope run, CancelScope scope,
      DiscoveryMethod method, Duration attemptTimeout, int retriesOnTimeout) {}

  /**
   * Sends, retrying on timeout.
   *
   * @param ctx the run's sending context
   * @param request builds the request afresh for each try (the timeout is set here)
   * @param tries counts the sends made
   * @return the response; fails with the transport's {@link java.io.IOException}, or with a
   *     {@link CancellationException} when the scope was cancelled or the deadline had passed (then
   *     {@link RunScope#deadlineReached()} is set)
   */
  public static CompletableFuture<HttpTransport.Response> send(Context ctx, Supplier<HttpRequest.Builder> request,
      AtomicInteger tries) {
    Supplier<CompletionStage<HttpTransport.Response>> once = () -> {
      if (ctx.scope().isCancelled()) {
        return CompletableFuture.failedFuture(new CancellationException("cancelled"));
      }
      Duration budget = ctx.attemptTimeout();
      Duration timeout = ctx.run().cap(budget);
      if (timeout.isZero() || timeout.isNegative()) {
        ctx.run().markDeadlineReached();
        return CompletableFuture.failedFuture(new CancellationException("deadline reached"));
      }
      boolean cutByDeadline = timeout.compareTo(budget) < 0;
      tries.incrementAndGet();
      CompletableFuture<HttpTransport.Response> sent =
          ctx.scope().register(ctx.transport().send(request.get().timeout(timeout).build(), timeout));
      if (cutByDeadline) {
        // This send's clock is the run's deadline: its timeout is the deadline passing.
        sent.whenComplete((r, e) -> {
          if (e != null && HttpTransport.isTimeout(e)) {
            ctx.run().markDeadlineReached();
          }
        });
      }
      return sent;
    };
    CompletableFuture<HttpTransport.Response> first = once.get().toCompletableFuture();
    if (ctx.retriesOnTimeout() == 0) {
      return first;
    }
    // The retries are set up only once the first send has timed out: most sends never need them, and in a fresh JVM
    // setting up Resilience4j's retry before the first send held that send back (about 35 ms; 13 ms with the
    // launcher's class-data archive).
    return first.exceptionallyCompose(e -> {
      Throwable cause = TransportFailure.unwrap(e);
      return HttpTransport.isTimeout(cause) ? retries(ctx, once) : CompletableFuture.failedFuture(cause);
    });
  }

  /**
   * The sends after a first one that timed out: the first of them after {@link #RETRY_PAUSE}, up to
   * {@code retriesOnTimeout} of them, each timeout retried after the same pause, through Resilience4j.
   */
  private static CompletableFuture<HttpTransport.Response> retries(Context ctx,
      Supplier<CompletionStage<HttpTransport.Response>> once) {
    RetryConfig config = RetryConfig.custom()
        .maxAttempts(ctx.retriesOnTimeout())
        .waitDuration(RETRY_PAUSE)
        .retryOnException(HttpTransport::isTimeout)
        .build();
    Retry retry = Retry.of("autodiscover-" + ctx.method(), config);
    CompletableFuture<HttpTransport.Response> result = new CompletableFuture<>();
    try {
      ctx.scheduler().schedule(() -> {
        Retry.decorateCompletionStage(retry, ctx.scheduler(), once).get().whenComplete((r, e) -> {
          if (e != null) {
            result.completeExceptionally(e);
          } else {
            result.complete(r);
          }
        });
      }, RETRY_PAUSE.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      result.completeExceptionally(new CancellationException("the Autodiscover client is closed"));
    }
    return result;
  }

  /** Whether an HTTP status is a redirect the pipeline follows itself (301, 302, 303, 307, 308). */
  public static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }
}
