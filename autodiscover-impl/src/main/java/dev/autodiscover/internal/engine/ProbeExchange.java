package dev.autodiscover.internal.engine;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.internal.http.TransportFailure;

/** The credential-free GET of the HTTP redirect probe, recorded as one attempt. */
public final class ProbeExchange {
  private ProbeExchange() {}

  /**
   * Sends the GET; completes with the {@code Location} of a 301/302/303/307/308 answer, or empty for any
   * other answer or failure (recorded in the trace either way).
   */
  public static CompletableFuture<Optional<String>> get(StrategyContext ctx, URI url, Supplier<HttpRequest.Builder> request) {
    TraceRecorder.InFlight inFlight = ctx.startAttempt("GET", url);
    AtomicInteger tries = new AtomicInteger();
    return PoxExchange.send(ctx, () -> request.get().header("User-Agent", "autodiscover-java/0.1"), tries)
        .handle((response, failure) -> {
          int retries = Math.max(0, tries.get() - 1);
          if (failure != null) {
            TransportFailure f = TransportFailure.classify(failure);
            inFlight.end(inFlight.builder(f.outcome()).detail(f.detail()).retries(retries).build());
            return Optional.empty();
          }
          Optional<String> location = response.header("location");
          if (PoxExchange.isRedirect(response.status()) && location.isPresent()) {
            inFlight.end(inFlight.builder(AttemptOutcome.HTTP_REDIRECT).httpStatus(response.status())
                .redirectTarget(location.get()).retries(retries).build());
            return location;
          }
          inFlight.end(inFlight.builder(AttemptOutcome.NOT_FOUND).httpStatus(response.status()).retries(retries)
              .detail("the probe answered HTTP " + response.status() + " without a redirect").build());
          return Optional.empty();
        });
  }

  /**
   * Sends an anonymous GET (never with credentials) and records it as one attempt whose outcome says only
   * whether an answer arrived ({@code candidates-found} for HTTP 200, {@code not-found} otherwise); the
   * caller interprets the body. Completes with the response, or empty on a transport failure.
   */
  public static CompletableFuture<Optional<dev.autodiscover.internal.http.HttpTransport.Response>> fetch(
      StrategyContext ctx, URI url, Supplier<HttpRequest.Builder> request) {
    TraceRecorder.InFlight inFlight = ctx.startAttempt("GET", url);
    AtomicInteger tries = new AtomicInteger();
    return PoxExchange.send(ctx, () -> request.get().header("User-Agent", "autodiscover-java/0.1"), tries)
        .handle((response, failure) -> {
          int retries = Math.max(0, tries.get() - 1);
          if (failure != null) {
            TransportFailure f = TransportFailure.classify(failure);
            inFlight.end(inFlight.builder(f.outcome()).detail(f.detail()).retries(retries).build());
            return Optional.empty();
          }
          inFlight.end(inFlight.builder(response.status() == 200 ? AttemptOutcome.CANDIDATES_FOUND : AttemptOutcome.NOT_FOUND)
              .httpStatus(response.status()).retries(retries).build());
          return Optional.of(response);
        });
  }
}
