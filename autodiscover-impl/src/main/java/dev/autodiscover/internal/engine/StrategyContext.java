package dev.autodiscover.internal.engine;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;

/**
 * What a strategy may use in one round: the address, its own cancellation scope, the run's shared state,
 * and the POX chain (POST, authenticate, follow trusted redirects). Only the engine creates it.
 */
public final class StrategyContext {
  private final Run run;
  private final Round round;
  private final DiscoveryMethod method;
  private final CancelScope scope;
  private final AtomicInteger steps = new AtomicInteger();

  StrategyContext(Run run, Round round, DiscoveryMethod method, CancelScope scope) {
    this.run = run;
    this.round = round;
    this.method = method;
    this.scope = scope;
  }

  /** The address being discovered in this round. */
  public EmailAddress address() {
    return round.address();
  }

  /** The method this context belongs to. */
  public DiscoveryMethod method() {
    return method;
  }

  /** Cancelled when a higher-priority method wins, or the run ends. */
  public CancelScope scope() {
    return scope;
  }

  /** The run's shared state. */
  public Run run() {
    return run;
  }

  Round round() {
    return round;
  }

  /** The trace position of this method's next step. */
  public TraceRecorder.Position nextPosition() {
    return new TraceRecorder.Position(round.index(), method.ordinal(), steps.getAndIncrement());
  }

  /** Starts recording a request. */
  public TraceRecorder.InFlight startAttempt(String httpMethod, URI url) {
    return run.recorder().start(nextPosition(), method, address(), httpMethod, url);
  }

  /** Records a step that sent nothing. */
  public void record(AttemptOutcome outcome, @org.jspecify.annotations.Nullable URI url, String detail) {
    Attempt attempt = Attempt.builder(method, outcome)
        .address(address())
        .url(url)
        .detail(detail)
        .round(round.index())
        .timing(run.recorder().elapsed(), java.time.Duration.ZERO)
        .build();
    run.recorder().record(nextPosition(), attempt);
  }

  /** POSTs the POX request to a candidate URL and follows trusted redirects to a chain result. */
  public CompletableFuture<ChainResult> postChain(URI url) {
    return PoxChain.walk(this, url, 0, new java.util.ArrayList<>());
  }

  /** Follows a redirect target (after the trust checks) as the next link of a chain. */
  public CompletableFuture<ChainResult> followRedirect(URI from, String target, int hopsUsed) {
    java.util.List<String> path = new java.util.ArrayList<>();
    path.add(from.toString());
    return PoxChain.follow(this, from, target, hopsUsed, path);
  }
}
