package dev.autodiscover.internal;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.internal.engine.DiscoveryStrategy;
import dev.autodiscover.internal.pox.PoxCodec;
import dev.autodiscover.internal.soap.SoapCodec;
import dev.autodiscover.internal.strategy.DnsSrvStrategy;
import dev.autodiscover.internal.strategy.HttpRedirectProbeStrategy;
import dev.autodiscover.internal.strategy.HttpsPostStrategy;
import dev.autodiscover.internal.strategy.LastKnownGoodStrategy;
import dev.autodiscover.internal.strategy.LocalXmlStrategy;
import dev.autodiscover.internal.strategy.Office365Strategy;
import dev.autodiscover.internal.strategy.ScpStrategy;
import dev.autodiscover.internal.trust.TrustPolicy;
import dev.autodiscover.spi.AutodiscoverEngine;
import dev.autodiscover.spi.AutodiscoverProvider;

/**
 * The SDK's implementation, found by {@link java.util.ServiceLoader}: one per JVM, holding what every client can
 * share (codecs, stateless strategies); each client gets a {@link ClientEngine} of its own. Thread-safe.
 */
public final class DefaultAutodiscoverProvider implements AutodiscoverProvider {
  /** What every client's engine shares: immutable, thread-safe parts. */
  record Shared(List<DiscoveryStrategy> strategies, PoxCodec pox, SoapCodec soap) {}

  private volatile @org.jspecify.annotations.Nullable Shared shared;

  /** Called by {@link java.util.ServiceLoader}; cheap: the shared parts are made with the first client. */
  public DefaultAutodiscoverProvider() {}

  private Shared shared() {
    Shared s = shared;
    if (s == null) {
      synchronized (this) {
        s = shared;
        if (s == null) {
          Random random = new Random();
          s = new Shared(List.of(new ScpStrategy(random), HttpsPostStrategy.rootDomain(),
              HttpsPostStrategy.autodiscoverDomain(), new LocalXmlStrategy(), new HttpRedirectProbeStrategy(),
              new DnsSrvStrategy(random), new LastKnownGoodStrategy(), new Office365Strategy()),
              PoxCodec.create(), SoapCodec.create());
          shared = s;
        }
      }
    }
    return s;
  }

  @Override
  public AutodiscoverEngine newEngine(AutodiscoverClient client) {
    return new ClientEngine(java.util.Objects.requireNonNull(client, "client"), shared());
  }

  @Override
  public boolean isPublicSuffix(String domain) {
    return TrustPolicy.isPublicSuffix(domain);
  }

  @Override
  public Optional<String> registrableDomain(String host) {
    return TrustPolicy.publicRegistrableDomain(host);
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
}
