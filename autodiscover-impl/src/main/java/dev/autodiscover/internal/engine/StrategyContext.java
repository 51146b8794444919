package dev.autodiscover.internal.engine;

import dev.autodiscover.internal.pipeline.CancelScope;
import dev.autodiscover.internal.pipeline.TraceRecorder;
import dev.autodiscover.internal.pipeline.Sender;
import dev.autodiscover.internal.pipeline.AuthenticatedExchange;

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
  private volatile TraceRecorder.@org.jspecify.annotations.Nullable InFlight current;
  private volatile @org.jspecify.annotations.Nullable StrategyContext waitingOn;
  private final AtomicInteger switches = new AtomicInteger();
  private volatile @org.jspecify.annotations.Nullable String switchReason;
  private volatile Runnable onSwitch = () -> { };
  private volatile @org.jspecify.annotations.Nullable URI switchTarget;
  private volatile boolean switchSent;
  /** When the method began to run ({@link System#nanoTime()}); 0 until then. */
  private volatile long startedNanos;

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
    return new TraceRecorder.Position(round.index(), run.rank(method), steps.getAndIncrement());
  }

  /** Starts recording a request. */
  public TraceRecorder.InFlight startAttempt(String httpMethod, URI url) {
    TraceRecorder.InFlight f = run.recorder().start(nextPosition(), method, address(), httpMethod, url);
    waitingOn = null;
    current = f;
    return f;
  }

  /** Notes that the method begins to run now (on a start thread, maybe a while after it was allowed to start). */
  void markStarted() {
    startedNanos = System.nanoTime();
  }

  /** {@return when the method began to run ({@link System#nanoTime()}), or 0 if it has not} */
  long startedNanos() {
    return startedNanos;
  }

  /** Notes that this method waits for the answer to a request another method sent. */
  void waitOn(StrategyContext owner) {
    waitingOn = owner;
  }

  /**
   * What this method's current request shows of its server, for the rule that presumes a silent server
   * unreachable (see {@link UnreachableRule}): null when the rule cannot apply, that is when no request is in
   * flight, when it is plain HTTP (whose progress cannot be seen), or when its server has sent TLS bytes recently
   * (a server that answered a handshake is never presumed dead, however slow its HTTP answer).
   */
  UnreachableRule.@org.jspecify.annotations.Nullable Silence silence() {
    StrategyContext owner = waitingOn;
    if (owner != null && owner != this) {
      return owner.silence();
    }
    TraceRecorder.InFlight f = current;
    if (f == null || f.hasEnded() || !"https".equalsIgnoreCase(f.url().getScheme()) || f.url().getHost() == null) {
      return null;
    }
    String host = f.url().getHost();
    int port = f.url().getPort() == -1 ? 443 : f.url().getPort();
    dev.autodiscover.internal.http.TlsLiveness liveness = run.transport().liveness();
    if (liveness.seenAlive(host, port)) {
      return null;
    }
    return new UnreachableRule.Silence(f.startedNanos(), liveness.connectingSince(host, port, f.startedNanos()));
  }

  /**
   * When the attempt this method's answer came from began ({@link System#nanoTime()}): its latest request, or the
   * one it waits on from another method; {@link UnreachableRule#NONE} when it sent none (an answer from a file or a
   * cache). That is when the attempt was recorded as started, before its body was made and any authentication or
   * retry on timeout within it: no later than the answering request went out, so it errs toward "sent earlier".
   */
  long answerSentNanos() {
    TraceRecorder.InFlight f = currentAttempt();
    return f == null ? UnreachableRule.NONE : f.startedNanos();
  }

  /** Whether this method is waiting for the answer to a request another method sent. */
  boolean waitsOnAnother() {
    StrategyContext owner = waitingOn;
    return owner != null && owner != this;
  }

  /**
   * Runs the part of this method's chain that follows an AUTO switch of protocol (an endpoint does not speak the
   * first one): from before it starts until it completes, the method holds no priority over lower-priority answers.
   * When a lower-priority answer is already in hand, the switched request is not sent at all.
   *
   * @param reason what was not served where, e.g. {@code "POX is not served at https://..."}
   * @param target the URL the switched request goes to
   * @param fallback starts the switched part of the chain
   * @return the switched part's result
   */
  CompletableFuture<ChainResult> switchedProtocol(String reason, URI target,
      java.util.function.Supplier<CompletableFuture<ChainResult>> fallback) {
    switches.incrementAndGet();
    switchReason = reason;
    switchTarget = target;
    switchSent = false;
    onSwitch.run(); // may let this method go at once
    CompletableFuture<ChainResult> f;
    if (scope.isCancelled()) {
      f = CompletableFuture.completedFuture(ChainResult.Failed.of(ChainResult.Failed.Kind.CANCELLED, "cancelled"));
    } else {
      try {
        switchSent = true;
        f = fallback.get();
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      onSwitch.run(); // the next methods may start, or answer, now
    }
    return f.whenComplete((r, e) -> {
      if (switches.decrementAndGet() == 0) {
        switchReason = null;
      }
    });
  }

  /** Where the switched request of an AUTO switch would go while it is not sent yet, else null. */
  @org.jspecify.annotations.Nullable URI unsentSwitchTarget() {
    return switches.get() > 0 && !switchSent ? switchTarget : null;
  }

  /** Runs {@code hook} each time this method's chain has started an AUTO switch of protocol. */
  void onProtocolSwitch(Runnable hook) {
    onSwitch = hook;
  }

  /** Why this method holds no priority now (its chain runs an AUTO switch of protocol), or null when it does. */
  @org.jspecify.annotations.Nullable String switchedProtocol() {
    return switches.get() > 0 ? switchReason : null;
  }

  /** The request this method is waiting on, if any. */
  TraceRecorder.@org.jspecify.annotations.Nullable InFlight currentAttempt() {
    StrategyContext owner = waitingOn;
    return owner != null && owner != this ? owner.currentAttempt() : current;
  }

  /** How this method's requests are sent: its timeouts and retries, capped by the run's deadline. */
  public Sender.Context sendContext() {
    return new Sender.Context(run.transport(), run.scheduler(), run.runScope(), scope, method,
        run.request().attemptTimeoutFor(method), run.request().retriesOnTimeoutFor(method));
  }

  /** What this method's authenticated POSTs need: sending, credentials, and the run's trust and hosts. */
  AuthenticatedExchange.Context exchangeContext() {
    return new AuthenticatedExchange.Context(sendContext(), run.request().credentials(),
        run.request().preAuthenticate(), run.guard());
  }

  /** Records a step that sent nothing. */
  public void record(AttemptOutcome outcome, @org.jspecify.annotations.Nullable URI url, String detail) {
    Attempt attempt = run.recorder().unsent(method, outcome, address(), round.index()).url(url).detail(detail).build();
    run.recorder().record(nextPosition(), attempt);
  }

  /**
   * Records a step that consulted something other than an HTTP endpoint (DNS, a directory, a file, the
   * cache), with what it consulted and how long it took since {@code startedNanos}.
   */
  public void recordWith(AttemptOutcome outcome, @org.jspecify.annotations.Nullable URI url, String detail,
      java.util.List<String> inputs, long startedNanos) {
    java.time.Duration took = java.time.Duration.ofNanos(Math.max(0, System.nanoTime() - startedNanos));
    Attempt attempt = Attempt.builder(method, outcome).address(address()).round(round.index()).url(url)
        .detail(detail).inputs(inputs).timing(run.recorder().offset(startedNanos), took).build();
    run.recorder().record(nextPosition(), attempt);
  }

  /** An anonymous GET recorded as one attempt; empty on a transport failure. */
  public CompletableFuture<java.util.Optional<dev.autodiscover.internal.http.HttpTransport.Response>> anonymousGet(
      URI url, java.util.function.Supplier<java.net.http.HttpRequest.Builder> request) {
    return ProbeExchange.fetch(this, url, request);
  }

  /** Asks {@code host} for the address's EWS URL with Autodiscover v2 (anonymous), following trusted redirects. */
  public CompletableFuture<ChainResult> v2Discover(String host) {
    return V2Exchange.discover(this, host, 0, new java.util.ArrayList<>());
  }

  /** POSTs the POX request to a candidate URL and follows trusted redirects to a chain result. */
  public CompletableFuture<ChainResult> postChain(URI url) {
    return EndpointChain.walk(this, url, 0, new java.util.ArrayList<>());
  }

  /** Follows a redirect target (after the trust checks) as the next link of a chain. */
  public CompletableFuture<ChainResult> followRedirect(URI from, String target, int hopsUsed) {
    java.util.List<String> path = new java.util.ArrayList<>();
    path.add(from.toString());
    return EndpointChain.follow(this, from, target, hopsUsed, path);
  }
}
