package dev.autodiscover.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.BatchItem;
import dev.autodiscover.BatchRequest;
import dev.autodiscover.DomainSettingName;
import dev.autodiscover.DomainSettingsResult;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.internal.batch.BatchEngine;
import dev.autodiscover.internal.domain.DomainSettingsEngine;
import dev.autodiscover.internal.engine.DiscoveryEngine;
import dev.autodiscover.internal.env.CallEnv;
import dev.autodiscover.internal.http.HttpClients;
import dev.autodiscover.internal.trust.TrustPolicy;
import dev.autodiscover.spi.AutodiscoverEngine;

/**
 * The engine of one {@link AutodiscoverClient}: its scheduler thread, its threads that start discovery methods,
 * its threads for blocking work (unless the client names an executor), its HTTP client, and the calls in flight,
 * all released by {@link #close()}. The codecs and strategies are the provider's, shared by every client.
 * Thread-safe.
 */
final class ClientEngine implements AutodiscoverEngine {
  /** Threads for blocking work (JNDI LDAP, local files); idle ones end after 30 s. */
  private static final int BLOCKING_THREADS = 8;
  /**
   * Threads that start a round's discovery methods (their synchronous set-up: first use of a codec, a DNS library,
   * an HTTP client), so that the caller of an asynchronous call gets its future at once and the methods' set-ups
   * run side by side; CPU work only, one per core; idle ones end after 30 s.
   */
  private static final int START_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
  private static final AtomicInteger THREAD_IDS = new AtomicInteger();

  private final AutodiscoverClient client;
  /** Errors that escape this client's threads; a batch running then ends with one (see {@link FatalErrors}). */
  private final FatalErrors fatal = new FatalErrors();
  private final ScheduledThreadPoolExecutor scheduler;
  private final @org.jspecify.annotations.Nullable ThreadPoolExecutor ownBlocking;
  private final ThreadPoolExecutor starts;
  private final HttpClients http;
  /** The client's public-suffix and private-domain rules, for {@link #checkAddress}. */
  private final TrustPolicy addresses;
  private final DiscoveryEngine discovery;
  private final BatchEngine batch;
  private final DomainSettingsEngine domain;
  private final dev.autodiscover.internal.pox.PoxCodec pox;
  private final Executor blocking;
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicReference<WarmUp> warmUp =
      new java.util.concurrent.atomic.AtomicReference<>();
  private volatile boolean closed;

  ClientEngine(AutodiscoverClient client, DefaultAutodiscoverProvider.Shared shared) {
    this.client = client;
    this.scheduler = new GuardedScheduler(1, new DaemonThreads("autodiscover-scheduler-", THREAD_IDS, fatal), fatal);
    scheduler.setRemoveOnCancelPolicy(true);
    Executor blocking;
    if (client.executor().isPresent()) {
      // The application's threads: an Error escaping our work there is recorded for the batches (as ours are).
      Executor own = client.executor().get();
      blocking = task -> own.execute(fatal.guard(task));
      ownBlocking = null;
    } else {
      ownBlocking = new ThreadPoolExecutor(BLOCKING_THREADS, BLOCKING_THREADS, 30, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), new DaemonThreads("autodiscover-blocking-", THREAD_IDS, fatal));
      ownBlocking.allowCoreThreadTimeOut(true);
      blocking = ownBlocking;
    }
    this.blocking = blocking;
    this.starts = new ThreadPoolExecutor(START_THREADS, START_THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), new DaemonThreads("autodiscover-start-", THREAD_IDS, fatal));
    starts.allowCoreThreadTimeOut(true);
    this.pox = shared.pox();
    this.addresses = new TrustPolicy(new CallEnv(client, dev.autodiscover.spi.AutodiscoverEventListener.NONE,
        client.redirectValidator(), client.maxRedirects(), client.settingsCache()));
    this.http = new HttpClients(client.proxy().orElse(null), client.sslContext().orElse(null), client.attemptTimeout(),
        scheduler, fatal);
    ScheduledExecutorService s = scheduler;
    this.discovery = new DiscoveryEngine(shared.strategies(), shared.pox(), shared.soap(), s, blocking, starts, http);
    this.batch = new BatchEngine(discovery::resolve, shared.soap(), http, s, blocking);
    this.domain = new DomainSettingsEngine(discovery::resolve, shared.soap(), http, s);
  }

  @Override
  public void checkAddress(EmailAddress address) {
    // Every call starts here (forEmail), so the first one is where the HTTP client is first needed soon: in a fresh
    // JVM it is made on a start thread while the public suffix list loads on this one. Nothing once made or closed.
    http.prefetch(starts);
    addresses.checkDiscoverable(address);
  }

  @Override
  public CompletableFuture<AutodiscoverResult> resolveAsync(AutodiscoverRequest request) {
    open(request.client());
    if (request.protocol() != dev.autodiscover.ProtocolChoice.SOAP) {
      pox.prefetch(blocking); // the XML parser is loaded while the first connection is set up
    }
    return track(discovery.resolve(request, CallEnv.of(client, List.of(request.address()))));
  }

  @Override
  public CompletableFuture<Void> warmUp() {
    if (closed) {
      throw new IllegalStateException("this AutodiscoverClient is closed; build a new one");
    }
    WarmUp existing = warmUp.get();
    if (existing != null) {
      return existing.future();
    }
    WarmUp mine = new WarmUp(addresses, pox, http, new Rehearsal(), Rehearsal.Gate.JVM);
    if (!warmUp.compareAndSet(null, mine)) {
      return warmUp.get().future();
    }
    mine.start();
    if (closed) { // close() may have run before the warm-up was registered
      mine.close();
    }
    return mine.future();
  }

  @Override
  public CompletableFuture<List<BatchItem>> resolveBatchAsync(BatchRequest request) {
    open(request.client());
    return track(batch.resolve(request));
  }

  @Override
  public CompletableFuture<DomainSettingsResult> resolveDomainSettingsAsync(AutodiscoverRequest request,
      Set<DomainSettingName> names) {
    open(request.client());
    return track(domain.resolve(request, names));
  }

  private void open(AutodiscoverClient owner) {
    if (owner != client) {
      throw new IllegalArgumentException("the request was made on another AutodiscoverClient");
    }
    if (closed) {
      throw new IllegalStateException("this AutodiscoverClient is closed; build a new one");
    }
  }

  private <T> CompletableFuture<T> track(CompletableFuture<T> call) {
    inFlight.add(call);
    call.whenComplete((r, e) -> inFlight.remove(call));
    if (closed) {
      call.cancel(true);
    }
    return call;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (CompletableFuture<?> call : List.copyOf(inFlight)) {
      call.cancel(true);
    }
    WarmUp w = warmUp.get();
    if (w != null) {
      w.close();
    }
    scheduler.shutdownNow();
    starts.shutdownNow();
    if (ownBlocking != null) {
      ownBlocking.shutdownNow();
    }
    http.close();
  }
}
