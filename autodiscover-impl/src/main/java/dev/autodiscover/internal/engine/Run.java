package dev.autodiscover.internal.engine;

import dev.autodiscover.internal.pipeline.CancelScope;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.autodiscover.AttemptTrace;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverRedirectException;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.UserSettings;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.access.ApiAccess;
import dev.autodiscover.internal.http.BearerChallenge;
import dev.autodiscover.internal.http.HttpTransport;
import dev.autodiscover.internal.pipeline.RedirectGuard;
import dev.autodiscover.internal.pipeline.RunScope;
import dev.autodiscover.internal.pipeline.TraceRecorder;
import dev.autodiscover.internal.pox.PoxCodec;
import dev.autodiscover.internal.pox.PoxResponse;
import dev.autodiscover.internal.pipeline.SettingsUrls;
import dev.autodiscover.internal.trust.TrustPolicy;
import org.jspecify.annotations.Nullable;

/**
 * The state of one discovery run (protocol.md §2.1): current address, redirect budget, visited addresses,
 * hosts approved for credentials, the trace, the deadline and cancellation. Thread-safe.
 */
public final class Run {
  private static final dev.autodiscover.internal.v2.V2Codec V2_CODEC = dev.autodiscover.internal.v2.V2Codec.create();

  private final AutodiscoverRequest request;
  private final dev.autodiscover.internal.env.CallEnv env;
  private final Map<DiscoveryMethod, DiscoveryStrategy> strategies;
  private final PoxCodec codec;
  private final dev.autodiscover.internal.soap.SoapCodec soapCodec;
  /** Set once, before the run's first method starts (see {@link #startWhenReady}). */
  private volatile @org.jspecify.annotations.Nullable HttpTransport transport;
  private final ScheduledExecutorService scheduler;
  private final java.util.concurrent.Executor blocking;
  private final java.util.concurrent.Executor starts;
  private final RunScope scope;
  private final TraceRecorder recorder;
  private final RedirectGuard guard;
  private final List<String> hopChain = new ArrayList<>();
  private final Set<EmailAddress> visitedAddresses = new LinkedHashSet<>();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final CompletableFuture<AutodiscoverResult> future = new CompletableFuture<>();
  private final Map<DiscoveryMethod, Integer> ranks = new java.util.EnumMap<>(DiscoveryMethod.class);
  private int hopsUsed;

  Run(AutodiscoverRequest request, dev.autodiscover.internal.env.CallEnv env,
      Map<DiscoveryMethod, DiscoveryStrategy> strategies, PoxCodec codec,
      dev.autodiscover.internal.soap.SoapCodec soapCodec, ScheduledExecutorService scheduler,
      java.util.concurrent.Executor blocking, java.util.concurrent.Executor starts) {
    this.blocking = blocking;
    this.starts = starts;
    this.request = request;
    this.strategies = strategies;
    this.codec = codec;
    this.soapCodec = soapCodec;
    this.scheduler = scheduler;
    this.env = env;
    this.scope = RunScope.startNow(request.deadline());
    this.recorder = TraceRecorder.forNewRun(scope.startNanos(), env.listener());
    this.guard = new RedirectGuard(env, recorder);
    List<DiscoveryMethod> order = request.methodOrder();
    for (int i = 0; i < order.size(); i++) {
      ranks.put(order.get(i), i);
    }
  }

  /**
   * Starts the run once {@code ready} has its transport: at once, on this thread, when it has it; else on the thread
   * that completes it, so that the caller does not wait for the client's HTTP client to be made. Its clock and
   * deadline count from the run's creation either way.
   *
   * @param ready completes with the transport the run's requests go through
   * @return the run's future
   * @throws IllegalStateException (or what making the transport threw) when {@code ready} has already failed, as a
   *     run that takes a failed transport at once would
   */
  CompletableFuture<AutodiscoverResult> startWhenReady(CompletableFuture<HttpTransport> ready) {
    if (ready.isDone()) {
      return start(dev.autodiscover.internal.http.HttpClients.await(ready));
    }
    ready.whenComplete((t, e) -> {
      if (e == null) {
        try {
          start(t);
        } catch (RuntimeException | Error unexpected) {
          future.completeExceptionally(unexpected); // nobody else would see it, on the maker's thread
        }
      } else {
        future.completeExceptionally(dev.autodiscover.internal.http.TransportFailure.unwrap(e));
      }
    });
    return future;
  }

  private CompletableFuture<AutodiscoverResult> start(HttpTransport readyTransport) {
    this.transport = readyTransport;
    EmailAddress address = request.address();
    recorder.event(l -> l.runStart(recorder.runId(), address));
    future.whenComplete((r, e) -> {
      if (future.isCancelled()) {
        fail(ApiAccess.get().failure("Discovery for " + address + " was cancelled by the caller.", trace(), null));
      }
    });
    if (finished.get()) {
      return future; // cancelled by the caller while the transport was being made: nothing to start, nor to time
    }
    scope.onDeadline(scheduler, this::deadlinePassed);
    synchronized (this) {
      visitedAddresses.add(address);
    }
    dev.autodiscover.internal.env.AddressChange change = env.addressChange();
    if (change == null) {
      guard.userDomains().add(address.domain());
    } else {
      // A driver's run for the target of an address redirect: credentials are the original address's.
      guard.userDomains().add(change.from().domain());
      guard.addressChanged(change);
    }
    round(address, 0);
    return future;
  }

  private void round(EmailAddress address, int index) {
    int budget;
    synchronized (this) {
      budget = env.maxRedirects() - hopsUsed;
    }
    new Round(this, address, index, budget).start(strategies).whenComplete((outcome, error) -> {
      if (error != null) {
        fail(ApiAccess.get().failure("Discovery for " + request.address() + " failed unexpectedly: " + error,
            trace(), error));
      } else if (outcome instanceof Round.Outcome.Terminal t) {
        terminal(address, index, t.result());
      } else if (scope.deadlineReached()) {
        deadlinePassed();
      } else {
        exhausted(address, ((Round.Outcome.Exhausted) outcome).failures());
      }
    });
  }

  private void terminal(EmailAddress address, int index, ChainResult result) {
    if (result instanceof ChainResult.Settings s) {
      succeed(address, s, index > 0);
    } else if (result instanceof ChainResult.RedirectAddress r) {
      List<String> chain;
      boolean loop;
      boolean limit;
      synchronized (this) {
        hopsUsed += r.hopsUsed() + 1;
        hopChain.add(address.toString());
        loop = !visitedAddresses.add(r.target());
        limit = hopsUsed > env.maxRedirects();
        chain = new ArrayList<>(hopChain);
        chain.add(r.target().toString());
      }
      String why = loop || limit ? null
          : guard.addressChanged(new dev.autodiscover.internal.env.AddressChange(address, r.target(), r.from(), r.method()));
      recorder.redirect(r.method(), address.toString(), r.target().toString(), !loop && !limit,
          loop ? "address already tried in this run" : limit ? "redirect limit reached" : why);
      if (loop) {
        fail(ApiAccess.get().redirect("Redirect loop: " + r.from() + " sent " + address + " to "
            + r.target() + ", which was already tried. Chain: " + String.join(" -> ", chain), trace(),
            AutodiscoverRedirectException.Reason.LOOP, chain));
      } else if (limit) {
        fail(limitException(chain));
      } else {
        round(r.target(), index + 1);
      }
    } else if (result instanceof ChainResult.ErrorResponse e) {
      PoxResponse.Error err = e.error();
      int code = err.errorCode() == null ? -1 : err.errorCode();
      String soap = e.soapErrorCode();
      String hint = soap != null ? (soap.equals("InvalidUser") ? " (the server does not know this address)" : "")
          : code == 603 ? " (often a stale delegate/automapping entry on the server)"
          : code == 500 ? " (the server does not know this address)" : "";
      String shown = soap != null ? "SOAP ErrorCode " + soap : code == -1 ? "(no code)" : String.valueOf(code);
      fail(ApiAccess.get().errorResponse("Autodiscover server " + e.endpoint() + " answered with error "
          + shown + (err.message() == null ? "" : ": " + err.message()) + hint,
          trace(), code, err.message(), err.debugData(), err.time(), err.id(), e.endpoint(), soap));
    } else if (result instanceof ChainResult.RedirectLimit l) {
      fail(limitException(l.chain()));
    } else if (result instanceof ChainResult.CachedFailure c) {
      fail(ApiAccess.get().notFound("No Autodiscover endpoint found for " + address + ": " + c.summary(),
          trace()));
    }
  }

  private AutodiscoverRedirectException limitException(List<String> chain) {
    return ApiAccess.get().redirect("Redirect limit of " + env.maxRedirects()
        + " reached (Outlook 0x800C8206). Chain: " + String.join(" -> ", chain), trace(),
        AutodiscoverRedirectException.Reason.LIMIT_EXCEEDED, chain);
  }

  private void exhausted(EmailAddress address, List<ChainResult.Failed> failures) {
    LinkedHashSet<String> schemes = new LinkedHashSet<>();
    java.net.URI authorizationUri = null;
    boolean rejected = false;
    boolean authRequired = false;
    boolean loop = false;
    for (ChainResult.Failed f : failures) {
      schemes.addAll(f.authSchemes());
      if (authorizationUri == null) {
        authorizationUri = f.authorizationUri();
      }
      rejected |= f.kind() == ChainResult.Failed.Kind.AUTH_FAILED;
      authRequired |= f.kind() == ChainResult.Failed.Kind.AUTH_REQUIRED;
      loop |= f.kind() == ChainResult.Failed.Kind.LOOP;
    }
    String summary = failures.isEmpty() ? "no discovery method is enabled"
        : String.join("; ", failures.stream().map(ChainResult.Failed::summary).toList());
    if (rejected || authRequired) {
      fail(ApiAccess.get().authentication((rejected
          ? "Every Autodiscover server reached for " + address + " rejected the credentials"
          : "The Autodiscover server for " + address + " requires authentication the request cannot provide")
          + " (offered: " + String.join(", ", schemes) + ")"
          + (authorizationUri == null ? "" : "; get a bearer token from " + BearerChallenge.describe(authorizationUri)
              + " and pass it with"
              + " bearerToken(...)") + ". " + summary, trace(), List.copyOf(schemes), rejected, authorizationUri));
    } else if (loop) {
      List<String> chain;
      synchronized (this) {
        chain = new ArrayList<>(hopChain);
      }
      fail(ApiAccess.get().redirect("Redirect loop for " + address + ": " + summary, trace(),
          AutodiscoverRedirectException.Reason.LOOP, chain));
    } else {
      if (!failures.isEmpty()) {
        remember(() -> env.cache().storeFailure(request.address(), summary));
      }
      fail(ApiAccess.get().notFound("No Autodiscover endpoint found for " + address + ". " + summary, trace()));
    }
  }

  private void deadlinePassed() {
    if (finished.get()) {
      return;
    }
    // Flag first: cancelling may complete the round synchronously on this very stack, and the round's
    // handler must then report the deadline, not "nothing found".
    scope.markDeadlineReached();
    recorder.cancelInFlight("overall deadline of " + request.deadline().toMillis() + " ms passed");
    scope.cancel();
    fail(ApiAccess.get().timeout("No answer for " + request.address() + " within the deadline of "
        + request.deadline().toMillis() + " ms.", trace(), request.deadline()));
  }

  /**
   * Ends the run with settings and remembers the endpoint: for the domain too only if the domain's own
   * methods found it; an endpoint reached through a per-user redirect ({@code redirectAddr}, so
   * {@code afterAddressRedirect}, or {@code redirectUrl}) is cached for the requested address alone, so that
   * it never becomes the last known good of the domain's other users.
   */
  private void succeed(EmailAddress finalAddress, ChainResult.Settings winner, boolean afterAddressRedirect) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    cleanUp("the run already has its answer");
    if (winner.method() != DiscoveryMethod.LOCAL_XML && winner.method() != DiscoveryMethod.LAST_KNOWN_GOOD
        && "https".equalsIgnoreCase(winner.endpoint().getScheme())) {
      SettingsCache cache = env.cache();
      if (afterAddressRedirect || winner.viaUserRedirect()) {
        remember(() -> cache.storeAddressEndpoint(request.address(), winner.endpoint(), winner.protocol(),
            winner.method()));
      } else {
        remember(() -> cache.storeEndpoint(request.address(), winner.endpoint(), winner.protocol(), winner.method()));
      }
    }
    // Built after clean-up, so the trace includes the lower-priority attempts it cancelled.
    UserSettings userSettings = winner.userSettings();
    AutodiscoverResult result = userSettings == null
        ? ApiAccess.get().result(request.address(), finalAddress, winner.settings(), winner.endpoint(), winner.method(),
            trace(), recorder.elapsed(), winner.protocol())
        : ApiAccess.get().result(request.address(), finalAddress, winner.settings(), winner.endpoint(), winner.method(),
            trace(), recorder.elapsed(), winner.protocol(), userSettings);
    AutodiscoverResult checked = SettingsUrls.flagTrust(result, guard);
    recorder.event(l -> l.runEnd(recorder.runId(), checked));
    recorder.seal();
    abortInFlight();
    future.complete(checked);
  }

  private void fail(AutodiscoverException failure) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    cleanUp("the run ended");
    recorder.event(l -> l.runFailed(recorder.runId(), failure));
    recorder.seal();
    abortInFlight();
    future.completeExceptionally(failure);
  }

  /** Updates the settings cache; a failing cache never fails discovery. */
  private static void remember(Runnable update) {
    try {
      update.run();
    } catch (RuntimeException e) {
      System.getLogger(Run.class.getName()).log(System.Logger.Level.WARNING,
          "Autodiscover settings cache update failed; ignored", e);
    }
  }

  /** Stops the deadline timer and records every attempt still in flight as cancelled, for the run's trace. */
  private void cleanUp(String reason) {
    scope.close();
    recorder.cancelInFlight(reason);
  }

  /**
   * Cancels everything still running in the run, off this thread (see {@link #abortOffThread}). The recorder is
   * sealed first, so nothing the aborted work does is reported.
   */
  private void abortInFlight() {
    abortOffThread(scope::cancel);
  }

  /**
   * Runs a cancellation on a start thread: aborting a request in flight costs the JDK a few milliseconds (its
   * connection is torn down), which an answer does not wait for. Runs it here if the start threads are gone (the
   * client is closing).
   *
   * @param cancel cancels work whose attempts are already recorded as cancelled
   */
  void abortOffThread(Runnable cancel) {
    try {
      starts.execute(cancel);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      cancel.run();
    }
  }

  private AttemptTrace trace() {
    return recorder.snapshot();
  }

  /** Notes that an attempt was stopped by the overall deadline rather than by its own budget. */
  void deadlineReached() {
    scope.markDeadlineReached();
  }

  /** The method's priority in this run (0 is highest): Outlook's order as adjusted by the request. */
  public int rank(DiscoveryMethod method) {
    return ranks.get(method);
  }

  /** Time left before the overall deadline (zero when passed). */
  public Duration remaining() {
    return scope.remaining();
  }

  /** {@return the call's environment} */
  public dev.autodiscover.internal.env.CallEnv env() {
    return env;
  }

  public AutodiscoverRequest request() {
    return request;
  }

  /** The Autodiscover v2 codec (tight JSON limits). */
  public dev.autodiscover.internal.v2.V2Codec v2Codec() {
    return V2_CODEC;
  }

  /** The SOAP codec (one per provider). */
  public dev.autodiscover.internal.soap.SoapCodec soapCodec() {
    return soapCodec;
  }

  public PoxCodec codec() {
    return codec;
  }

  public HttpTransport transport() {
    return java.util.Objects.requireNonNull(transport, "the run has not started");
  }

  /** An executor for work that blocks (JNDI, file reads); never the caller's thread. */
  public java.util.concurrent.Executor blocking() {
    return blocking;
  }

  /** An executor for starting discovery methods (CPU work); never the caller's thread. */
  java.util.concurrent.Executor starts() {
    return starts;
  }

  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  public TrustPolicy trust() {
    return guard.trust();
  }

  /** The run's redirect guard (budget, loops, trust, remembered validator answers, hosts). */
  public RedirectGuard guard() {
    return guard;
  }

  /** The run's deadline and cancellation. */
  public RunScope runScope() {
    return scope;
  }

  public TraceRecorder recorder() {
    return recorder;
  }

  dev.autodiscover.internal.pipeline.CancelScope scope() {
    return scope.cancelScope();
  }

  /** Hosts the caller's validator approved in this run. */
  public Set<String> approvedHosts() {
    return guard.approvedHosts();
  }

  /** Hosts that accepted the credentials in this run (pre-authentication may go there). */
  public Set<String> credentialHosts() {
    return guard.credentialHosts();
  }

  /**
   * The domains of every address discovered in this run (the original one and redirectAddr targets), where
   * hosts may be contacted and redirects followed; credentials are decided by the guard.
   */
  public Set<String> discoveryDomains() {
    return guard.discoveryDomains();
  }

  synchronized List<String> hopChain() {
    return new ArrayList<>(hopChain);
  }
}
