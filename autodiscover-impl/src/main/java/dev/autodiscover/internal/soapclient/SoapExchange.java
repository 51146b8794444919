package dev.autodiscover.internal.soapclient;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.Credentials;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.internal.engine.CancelScope;
import dev.autodiscover.internal.http.AuthHeader;
import dev.autodiscover.internal.http.XmlPost;
import dev.autodiscover.internal.http.HttpTransport;
import dev.autodiscover.internal.http.TransportFailure;
import dev.autodiscover.internal.http.WwwAuthenticate;
import dev.autodiscover.internal.soap.SoapResponse;
import dev.autodiscover.internal.trust.TrustPolicy;
import dev.autodiscover.internal.xml.NotAutodiscoverException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.jspecify.annotations.Nullable;

/**
 * One SOAP Autodiscover POST ({@code GetUserSettings} or {@code GetDomainSettings}) to one URL, with the
 * credential rules of single discovery: anonymous first; after a 401 challenge, credentials only if the trust
 * policy allows the host (user's registrable domain, trusted list, or approved in this run), Bearer only to a
 * host in the token's audience, Basic only when configured; timeouts retried as the request says, nothing
 * else retried. Never fails: every problem is an {@link Exchange} value. Stateless and thread-safe.
 */
public final class SoapExchange {

  /**
   * Shared collaborators of the POSTs of one run.
   *
   * @param transport the HTTP transport for the request's proxy and SSL context
   * @param trust the request's trust policy
   * @param scheduler for retry pauses
   * @param scope cancels the run's exchanges
   * @param startNanos {@link System#nanoTime()} at the start of the run (attempt offsets count from it)
   * @param deadlineNanos {@link System#nanoTime()} value after which no exchange may still wait, or
   *     {@link #NO_DEADLINE}
   */
  public record Context(HttpTransport transport, TrustPolicy trust, ScheduledExecutorService scheduler,
      CancelScope scope, long startNanos, long deadlineNanos) {}

  /** {@link Context#deadlineNanos()} of a run that has no deadline of its own beyond the request's. */
  public static final long NO_DEADLINE = Long.MIN_VALUE;

  /**
   * Reads a SOAP answer body: one of {@code SoapCodec}'s parse methods.
   *
   * @param <T> the settings type
   */
  @FunctionalInterface
  public interface Parser<T> {
    /**
     * Parses an answer.
     *
     * @param body the body as received
     * @param contentType the {@code Content-Type} header, or null
     * @return the answer
     * @throws NotAutodiscoverException if the body is not the expected SOAP answer
     */
    SoapResponse<T> parse(byte[] body, @Nullable String contentType) throws NotAutodiscoverException;
  }

  /**
   * What came of the POST, with what the trace needs.
   *
   * @param url the URL posted to
   * @param status the last HTTP status (0 when none arrived)
   * @param schemes the schemes of the last 401 challenge
   * @param sentAuth the scheme of the credentials sent, or null when none were
   * @param retries retries after timeouts
   * @param startOffset when the POST started, from the run's start
   * @param duration how long it took
   * @param outcome the substance
   * @param <T> the settings type
   */
  public record Exchange<T>(URI url, int status, List<String> schemes, @Nullable String sentAuth, int retries,
      Duration startOffset, Duration duration, Outcome<T> outcome) {}

  /**
   * The substance of an exchange.
   *
   * @param <T> the settings type
   */
  public sealed interface Outcome<T> permits Parsed, Redirected, Failed {}

  /**
   * A SOAP Autodiscover answer (results, a request-level error, or a fault).
   *
   * @param response the answer
   * @param <T> the settings type
   */
  public record Parsed<T>(SoapResponse<T> response) implements Outcome<T> {}

  /**
   * An HTTP 3xx with a Location header.
   *
   * @param status the status
   * @param location the Location header as sent
   * @param <T> the settings type
   */
  public record Redirected<T>(int status, String location) implements Outcome<T> {}

  /**
   * Anything else.
   *
   * @param outcome the trace outcome
   * @param detail what happened, for the trace and messages
   * @param credentialsWithheld true when a 401 was not answered because the trust policy refused the host
   *     although credentials were configured (so one-by-one discovery, which can approve hosts, may still
   *     succeed)
   * @param <T> the settings type
   */
  public record Failed<T>(AttemptOutcome outcome, String detail, boolean credentialsWithheld)
      implements Outcome<T> {}

  private SoapExchange() {}

  /**
   * POSTs a SOAP envelope.
   *
   * @param ctx the run's collaborators
   * @param request the request (credentials, timeouts, retries, pre-authentication)
   * @param method the discovery method whose timeouts apply
   * @param url the {@code autodiscover.svc} URL
   * @param body the envelope, addressed ({@code wsa:To}) to {@code url}
   * @param anchorMailbox the {@code X-AnchorMailbox} sent with a Bearer token
   * @param parser reads the answer
   * @param approvedHosts hosts approved in this run (credentials may go there)
   * @param userDomains the domains of the users asked about
   * @param <T> the settings type
   * @return the exchange; never completes exceptionally (cancellation shows as a failed outcome)
   */
  public static <T> CompletableFuture<Exchange<T>> post(Context ctx, AutodiscoverRequest request,
      DiscoveryMethod method, URI url, byte[] body, String anchorMailbox, Parser<T> parser,
      Set<String> approvedHosts, Set<String> userDomains) {
    long started = System.nanoTime();
    String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    Optional<Credentials> credentials = request.credentials();
    AtomicInteger tries = new AtomicInteger();
    State state = new State();
    Optional<AuthHeader> preAuth = Optional.empty();
    if (request.preAuthenticate() && credentials.isPresent() && ctx.trust().isTrustedHost(host)) {
      preAuth = AuthHeader.choose(credentials.get(), List.of("Bearer", "Basic"), host);
    }
    Optional<AuthHeader> first = preAuth;
    state.sentAuth = first.map(AuthHeader::scheme).orElse(null);
    state.sends = 1;
    CompletableFuture<Outcome<T>> outcome = send(ctx, request, method,
        () -> XmlPost.builder(url, body, first, anchorMailbox), tries)
        .thenCompose(response -> {
          if (response.status() != 401 || state.sentAuth != null) {
            return CompletableFuture.completedFuture(classify(parser, response, state));
          }
          List<String> schemes = WwwAuthenticate.schemes(response.headers("www-authenticate"));
          state.schemes = schemes;
          state.status = 401;
          TrustPolicy.Decision allowed = ctx.trust().credentials(url, approvedHosts, userDomains);
          if (!allowed.allowed()) {
            return CompletableFuture.completedFuture(new Failed<>(AttemptOutcome.AUTH_REQUIRED, "server asks for "
                + String.join(", ", schemes) + "; credentials withheld: " + allowed.reason(), credentials.isPresent()));
          }
          Optional<AuthHeader> auth = credentials.flatMap(c -> AuthHeader.choose(c, schemes, host));
          if (auth.isEmpty()) {
            return CompletableFuture.completedFuture(new Failed<>(AttemptOutcome.AUTH_REQUIRED, "server asks for "
                + String.join(", ", schemes) + "; the request has no credentials it may send to " + host, false));
          }
          state.sentAuth = auth.get().scheme();
          state.sends = 2;
          return send(ctx, request, method, () -> XmlPost.builder(url, body, auth, anchorMailbox), tries)
              .thenApply(r -> classify(parser, r, state));
        });
    return outcome.handle((o, failure) -> {
      Outcome<T> result = o;
      if (result == null) {
        TransportFailure f = TransportFailure.classify(failure);
        result = new Failed<>(f.outcome(), f.detail(), false);
      }
      long now = System.nanoTime();
      return new Exchange<>(url, state.status, state.schemes, state.sentAuth, Math.max(0, tries.get() - state.sends),
          Duration.ofNanos(Math.max(0, started - ctx.startNanos())), Duration.ofNanos(now - started), result);
    });
  }

  /** The time budget of one send: the method's attempt timeout, capped by the request and run deadlines. */
  static Duration timeout(Context ctx, AutodiscoverRequest request, DiscoveryMethod method) {
    Duration attempt = request.attemptTimeoutFor(method);
    Duration timeout = attempt.compareTo(request.deadline()) < 0 ? attempt : request.deadline();
    if (ctx.deadlineNanos() != NO_DEADLINE) {
      Duration left = Duration.ofNanos(Math.max(1_000_000L, ctx.deadlineNanos() - System.nanoTime()));
      timeout = left.compareTo(timeout) < 0 ? left : timeout;
    }
    return timeout;
  }

  private static CompletableFuture<HttpTransport.Response> send(Context ctx, AutodiscoverRequest request,
      DiscoveryMethod method, Supplier<HttpRequest.Builder> builder, AtomicInteger tries) {
    RetryConfig config = RetryConfig.custom()
        .maxAttempts(request.retriesOnTimeoutFor(method) + 1)
        .waitDuration(Duration.ofMillis(20))
        .retryOnException(HttpTransport::isTimeout)
        .build();
    Retry retry = Retry.of("autodiscover-soap", config);
    Supplier<CompletionStage<HttpTransport.Response>> once = () -> {
      if (ctx.scope().isCancelled()) {
        return CompletableFuture.failedFuture(new CancellationException("cancelled"));
      }
      tries.incrementAndGet();
      Duration timeout = timeout(ctx, request, method);
      return ctx.transport().send(builder.get().timeout(timeout).build(), timeout, ctx.scope());
    };
    return Retry.decorateCompletionStage(retry, ctx.scheduler(), once).get().toCompletableFuture();
  }

  private static <T> Outcome<T> classify(Parser<T> parser, HttpTransport.Response response, State state) {
    int status = response.status();
    state.status = status;
    if (status == 401) {
      List<String> schemes = WwwAuthenticate.schemes(response.headers("www-authenticate"));
      if (!schemes.isEmpty()) {
        state.schemes = schemes;
      }
      return new Failed<>(AttemptOutcome.AUTH_FAILED, "server rejected the " + state.sentAuth + " credentials", false);
    }
    if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
      Optional<String> location = response.header("location");
      return location.<Outcome<T>>map(l -> new Redirected<>(status, l)).orElseGet(() ->
          new Failed<>(AttemptOutcome.NOT_FOUND, "HTTP " + status + " without a Location header", false));
    }
    if (status != 200 && status != 500) {
      return new Failed<>(AttemptOutcome.NOT_FOUND, "HTTP " + status + ": no SOAP Autodiscover service here", false);
    }
    try {
      // A SOAP fault comes with HTTP 500; any other 500 body is no SOAP service.
      return new Parsed<>(parser.parse(response.body(), response.header("content-type").orElse(null)));
    } catch (NotAutodiscoverException e) {
      return new Failed<>(AttemptOutcome.NOT_FOUND, "HTTP " + status + ", not a SOAP Autodiscover answer: "
          + e.getMessage(), false);
    }
  }


  private static final class State {
    volatile int status;
    volatile int sends;
    volatile @Nullable String sentAuth;
    volatile List<String> schemes = List.of();
  }
}
