package dev.autodiscover.internal.pipeline;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.internal.http.HttpTransport;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

/**
 * Sends one HTTP request of a run: its timeout is the method's attempt timeout capped by the time left
 * before the run's deadline, timeouts are retried through Resilience4j as the request says (nothing else is
 * retried), and the exchange is registered with the caller's cancellation scope. Stateless.
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
    RetryConfig config = RetryConfig.custom()
        .maxAttempts(ctx.retriesOnTimeout() + 1)
        .waitDuration(RETRY_PAUSE)
        .retryOnException(HttpTransport::isTimeout)
        .build();
    Retry retry = Retry.of("autodiscover-" + ctx.method(), config);
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
    return Retry.decorateCompletionStage(retry, ctx.scheduler(), once).get().toCompletableFuture();
  }

  /** Whether an HTTP status is a redirect the pipeline follows itself (301, 302, 303, 307, 308). */
  public static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }
}
