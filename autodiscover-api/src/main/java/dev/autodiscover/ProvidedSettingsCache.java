package dev.autodiscover;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import dev.autodiscover.spi.AutodiscoverProvider;
import org.jspecify.annotations.Nullable;

/**
 * {@link SettingsCache#inMemory()} and {@link SettingsCache#file(java.nio.file.Path)}: the cache the installed
 * {@link AutodiscoverProvider} makes, created on first use so that building a request (which holds a default
 * cache) needs no implementation yet. Thread-safe: the delegate is created once, under a lock.
 */
final class ProvidedSettingsCache implements SettingsCache {
  private final String unusedDescription;
  private final Function<AutodiscoverProvider, SettingsCache> factory;
  private final Object lock = new Object();
  private volatile @Nullable SettingsCache delegate;

  /**
   * @param unusedDescription what {@link #toString()} says before the cache is first used
   * @param factory makes the cache from the provider
   */
  ProvidedSettingsCache(String unusedDescription, Function<AutodiscoverProvider, SettingsCache> factory) {
    this.unusedDescription = unusedDescription;
    this.factory = factory;
  }

  private SettingsCache delegate() {
    SettingsCache d = delegate;
    if (d == null) {
      synchronized (lock) {
        d = delegate;
        if (d == null) {
          d = Objects.requireNonNull(factory.apply(Autodiscover.provider()), "the provider made no settings cache");
          delegate = d;
        }
      }
    }
    return d;
  }

  @Override
  public Optional<CacheEntry> lookup(EmailAddress address) {
    Objects.requireNonNull(address, "address");
    return delegate().lookup(address);
  }

  @Override
  public void storeEndpoint(
      EmailAddress address, URI endpoint, AutodiscoverProtocol protocol, DiscoveryMethod foundBy) {
    delegate().storeEndpoint(address, endpoint, protocol, foundBy);
  }

  @Override
  public void storeAddressEndpoint(
      EmailAddress address, URI endpoint, AutodiscoverProtocol protocol, DiscoveryMethod foundBy) {
    delegate().storeAddressEndpoint(address, endpoint, protocol, foundBy);
  }

  @Override
  public void storeFailure(EmailAddress address, String reason) {
    delegate().storeFailure(address, reason);
  }

  @Override
  public void invalidate(EmailAddress address) {
    Objects.requireNonNull(address, "address");
    delegate().invalidate(address);
  }

  @Override
  public void clear() {
    delegate().clear();
  }

  /** The delegate's description once it exists; before that, one that does not make it (or need a provider). */
  @Override
  public String toString() {
    SettingsCache d = delegate;
    return d == null ? unusedDescription : d.toString();
  }
}
