package dev.autodiscover.internal.engine;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.InvalidEmailAddressException;
import dev.autodiscover.internal.http.HttpClients;
import dev.autodiscover.internal.pox.PoxCodec;
import dev.autodiscover.internal.trust.TrustPolicy;

/** Runs discovery for requests with a fixed set of strategies. Thread-safe; one per provider. */
public final class DiscoveryEngine {
  private final Map<DiscoveryMethod, DiscoveryStrategy> strategies = new EnumMap<>(DiscoveryMethod.class);
  private final PoxCodec codec;
  private final dev.autodiscover.internal.soap.SoapCodec soapCodec;
  private final ScheduledExecutorService scheduler;
  private final HttpClients clients;
  private final java.util.concurrent.Executor blocking;
  private final java.util.concurrent.Executor starts;

  /**
   * Creates an engine; a method without a strategy shows as not available in traces.
   *
   * @param blocking runs blocking work (LDAP, files)
   * @param starts runs each method's start (its synchronous set-up), never the caller's thread
   */
  public DiscoveryEngine(List<DiscoveryStrategy> strategies, PoxCodec codec,
      dev.autodiscover.internal.soap.SoapCodec soapCodec, ScheduledExecutorService scheduler,
      java.util.concurrent.Executor blocking, java.util.concurrent.Executor starts, HttpClients clients) {
    this.soapCodec = soapCodec;
    this.blocking = blocking;
    this.starts = starts;
    for (DiscoveryStrategy s : strategies) {
      this.strategies.put(s.method(), s);
    }
    this.codec = codec;
    this.scheduler = scheduler;
    this.clients = clients;
  }

  /** Starts a run; input errors fail the future before any traffic. */
  public CompletableFuture<AutodiscoverResult> resolve(AutodiscoverRequest request, dev.autodiscover.internal.env.CallEnv env) {
    return start(request, env, clients.whenReady(starts));
  }

  /**
   * Starts a run whose HTTP requests go through {@code transport} (a batch lane's) instead of the client's shared
   * one; input errors fail the future before any traffic.
   */
  public CompletableFuture<AutodiscoverResult> resolve(AutodiscoverRequest request,
      dev.autodiscover.internal.env.CallEnv env, dev.autodiscover.internal.http.HttpTransport transport) {
    return start(request, env, CompletableFuture.completedFuture(transport));
  }

  /**
   * Checks the address, then starts the run once its transport is ready: at once when it is, else on the thread that
   * makes it (the shared one is made on first use, from {@code forEmail}, so only for a real run), so that the caller
   * never waits for it and the run's methods still start together, as they would with the transport ready.
   */
  private CompletableFuture<AutodiscoverResult> start(AutodiscoverRequest request,
      dev.autodiscover.internal.env.CallEnv env,
      CompletableFuture<dev.autodiscover.internal.http.HttpTransport> transport) {
    try {
      new TrustPolicy(env).checkDiscoverable(request.address());
    } catch (InvalidEmailAddressException e) {
      return CompletableFuture.failedFuture(e);
    }
    Run run = new Run(request, env, Map.copyOf(strategies), codec, soapCodec, scheduler, blocking, starts);
    return run.startWhenReady(transport);
  }
}
