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
import dev.autodiscover.internal.strategy.HttpRedirectProbeStrategy;
import dev.autodiscover.internal.strategy.HttpsPostStrategy;
import dev.autodiscover.spi.AutodiscoverProvider;

/**
 * The SDK's implementation, found by {@link java.util.ServiceLoader}. One instance serves the JVM: it owns
 * one daemon scheduler thread (retries, stagger, deadlines) and shares HTTP clients between requests with
 * the same proxy and SSL context. Thread-safe.
 */
public final class DefaultAutodiscoverProvider implements AutodiscoverProvider {
  private final DiscoveryEngine engine;
  private final TraceJson json = new TraceJson();

  /** Called by {@link java.util.ServiceLoader}. */
  public DefaultAutodiscoverProvider() {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "autodiscover-scheduler");
      t.setDaemon(true);
      return t;
    });
    this.engine = new DiscoveryEngine(
        List.of(HttpsPostStrategy.rootDomain(), HttpsPostStrategy.autodiscoverDomain(), new HttpRedirectProbeStrategy()),
        PoxCodec.create(), scheduler, new HttpClients());
  }

  @Override
  public CompletableFuture<AutodiscoverResult> resolveAsync(AutodiscoverRequest request) {
    return engine.resolve(java.util.Objects.requireNonNull(request, "request"));
  }

  @Override
  public String traceToJson(AttemptTrace trace) {
    return json.render(java.util.Objects.requireNonNull(trace, "trace"));
  }
}
