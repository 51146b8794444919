package dev.autodiscover.internal.engine;

import dev.autodiscover.internal.pipeline.Sender;

import dev.autodiscover.internal.pipeline.TraceRecorder;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import dev.autodiscover.internal.http.HttpTransport;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.internal.http.TransportFailure;

/** Credential-free GETs (the HTTP redirect probe, Microsoft's anonymous discovery documents), each recorded as one attempt. */
public final class ProbeExchange {
  private ProbeExchange() {}

  /**
   * Sends the GET; completes with the {@code Location} of a 301/302/303/307/308 answer, or empty for any
   * other answer or failure (recorded in the trace either way).
   */
  public static CompletableFuture<Optional<String>> get(StrategyContext ctx, URI url, Supplier<HttpRequest.Builder> request) {
    return exchange(ctx, url, request, (response, inFlight) -> {
      Optional<String> location = response.header("location");
      if (Sender.isRedirect(response.status()) && location.isPresent()) {
        return inFlight.builder(AttemptOutcome.HTTP_REDIRECT).redirectTarget(location.get());
      }
      return inFlight.builder(AttemptOutcome.NOT_FOUND)
          .detail("the probe answered HTTP " + response.status() + " without a redirect");
    }).thenApply(response -> response.filter(r -> Sender.isRedirect(r.status())).flatMap(r -> r.header("location")));
  }

  /**
   * Sends an anonymous GET (never with credentials) and records it as one attempt whose outcome says only
   * whether an answer arrived ({@code candidates-found} for HTTP 200, {@code not-found} otherwise); the
   * caller interprets the body. Completes with the response, or empty on a transport failure.
   */
  public static CompletableFuture<Optional<HttpTransport.Response>> fetch(
      StrategyContext ctx, URI url, Supplier<HttpRequest.Builder> request) {
    return exchange(ctx, url, request, (response, inFlight) -> inFlight.builder(
        response.status() == 200 ? AttemptOutcome.CANDIDATES_FOUND : AttemptOutcome.NOT_FOUND));
  }

  /** One anonymous GET as one attempt; {@code describe} turns an answer into the attempt's record. */
  private static CompletableFuture<Optional<HttpTransport.Response>> exchange(StrategyContext ctx, URI url,
      Supplier<HttpRequest.Builder> request,
      BiFunction<HttpTransport.Response, TraceRecorder.InFlight, dev.autodiscover.Attempt.Builder> describe) {
    TraceRecorder.InFlight inFlight = ctx.startAttempt("GET", url);
    AtomicInteger tries = new AtomicInteger();
    return Sender.send(ctx.sendContext(), () -> request.get().header("User-Agent", dev.autodiscover.internal.http.XmlPost.USER_AGENT), tries)
        .handle((response, failure) -> {
          int retries = Math.max(0, tries.get() - 1);
          if (failure != null) {
            TransportFailure f = TransportFailure.classify(failure);
            inFlight.end(inFlight.builder(f.outcome()).detail(f.detail()).retries(retries).build());
            return Optional.empty();
          }
          inFlight.end(describe.apply(response, inFlight).httpStatus(response.status()).retries(retries).build());
          return Optional.of(response);
        });
  }
}
