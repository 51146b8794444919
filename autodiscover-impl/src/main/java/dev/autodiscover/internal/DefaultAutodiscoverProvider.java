package dev.autodiscover.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import dev.autodiscover.AttemptTrace;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.internal.engine.DiscoveryEngine;
import dev.autodiscover.internal.http.HttpClients;
import dev.autodiscover.internal.json.TraceJson;
import dev.autodiscover.internal.pox.PoxCodec;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import dev.autodiscover.internal.strategy.DnsSrvStrategy;
import dev.autodiscover.internal.strategy.HttpRedirectProbeStrategy;
import dev.autodiscover.internal.strategy.LastKnownGoodStrategy;
import dev.autodiscover.internal.strategy.LocalXmlStrategy;
import dev.autodiscover.internal.strategy.Office365Strategy;
import dev.autodiscover.internal.strategy.ScpStrategy;
import dev.autodiscover.internal.strategy.HttpsPostStrategy;
import dev.autodiscover.spi.AutodiscoverProvider;

/**
 * The SDK's implementation, found by {@link java.util.ServiceLoader}. One instance serves the JVM: it owns
 * one daemon scheduler thread (retries, stagger, deadlines), up to eight daemon threads for blocking work
 * (LDAP, local files), and shares HTTP clients between requests with
 * the same proxy and SSL context. Thread-safe.
 */
public final class DefaultAutodiscoverProvider implements AutodiscoverProvider {
  /** Threads for blocking work (JNDI LDAP, local files); idle ones end after 30 s. */
  private static final int BLOCKING_THREADS = 8;
  private static final java.util.concurrent.atomic.AtomicInteger BLOCKING_IDS = new java.util.concurrent.atomic.AtomicInteger();

  private final DiscoveryEngine engine;
  private final dev.autodiscover.internal.batch.BatchEngine batchEngine;
  private final dev.autodiscover.internal.domain.DomainSettingsEngine domainEngine;
  private final TraceJson json = new TraceJson();

  /** Called by {@link java.util.ServiceLoader}. */
  public DefaultAutodiscoverProvider() {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "autodiscover-scheduler");
      t.setDaemon(true);
      return t;
    });
    ThreadPoolExecutor blocking = new ThreadPoolExecutor(BLOCKING_THREADS, BLOCKING_THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "autodiscover-blocking-" + BLOCKING_IDS.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    blocking.allowCoreThreadTimeOut(true);
    Random random = new Random();
    HttpClients clients = new HttpClients();
    dev.autodiscover.internal.soap.SoapCodec soapCodec = dev.autodiscover.internal.soap.SoapCodec.create();
    this.engine = new DiscoveryEngine(
        List.of(new ScpStrategy(random), HttpsPostStrategy.rootDomain(), HttpsPostStrategy.autodiscoverDomain(),
            new LocalXmlStrategy(), new HttpRedirectProbeStrategy(), new DnsSrvStrategy(random),
            new LastKnownGoodStrategy(), new Office365Strategy()),
        PoxCodec.create(), soapCodec, scheduler, blocking, clients);
    this.batchEngine = new dev.autodiscover.internal.batch.BatchEngine(engine::resolve, soapCodec, clients,
        scheduler, blocking);
    this.domainEngine = new dev.autodiscover.internal.domain.DomainSettingsEngine(this::resolveAsync, soapCodec,
        clients, scheduler);
  }

  @Override
  public CompletableFuture<AutodiscoverResult> resolveAsync(AutodiscoverRequest request) {
    return engine.resolve(java.util.Objects.requireNonNull(request, "request"));
  }

  @Override
  public CompletableFuture<List<dev.autodiscover.BatchItem>> resolveBatchAsync(dev.autodiscover.BatchRequest request) {
    return batchEngine.resolve(java.util.Objects.requireNonNull(request, "request"));
  }

  @Override
  public CompletableFuture<dev.autodiscover.DomainSettingsResult> resolveDomainSettingsAsync(
      AutodiscoverRequest request, java.util.Set<dev.autodiscover.DomainSettingName> names) {
    java.util.Objects.requireNonNull(names, "names").forEach(n -> java.util.Objects.requireNonNull(n, "names"));
    return domainEngine.resolve(java.util.Objects.requireNonNull(request, "request"), names);
  }

  @Override
  public dev.autodiscover.SettingsCache newSettingsCache(java.nio.file.@org.jspecify.annotations.Nullable Path file,
      java.time.Duration endpointTtl, java.time.Duration failureTtl, int maxEntries) {
    java.time.Clock clock = java.time.Clock.systemUTC();
    return file == null
        ? new dev.autodiscover.internal.cache.InMemorySettingsCache(endpointTtl, failureTtl, maxEntries, clock)
        : new dev.autodiscover.internal.cache.FileSettingsCache(file, endpointTtl, failureTtl, maxEntries, clock,
            dev.autodiscover.internal.cache.FileSettingsCache.DEFAULT_LOG);
  }

  @Override
  public String traceToJson(AttemptTrace trace) {
    return json.render(java.util.Objects.requireNonNull(trace, "trace"));
  }
}
