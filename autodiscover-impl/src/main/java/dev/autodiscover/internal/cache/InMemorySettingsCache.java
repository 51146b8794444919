package dev.autodiscover.internal.cache;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.CacheEntry;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.SettingsCache;

/** {@link SettingsCache#inMemory()}: a bounded LRU table behind one lock. Thread-safe. */
public final class InMemorySettingsCache implements SettingsCache {
  private final Duration endpointTtl;
  private final Duration failureTtl;
  private final Clock clock;
  private final Object lock = new Object();
  private final CacheTable table;

  /**
   * Makes an empty cache.
   *
   * @param endpointTtl how long an endpoint stays fresh; positive, at most {@link SettingsCache#MAX_TTL}
   * @param failureTtl how long a failure stays fresh; positive, at most {@link SettingsCache#MAX_TTL}
   * @param maxEntries how many entries to keep; positive
   * @param clock the time source for storing and expiring entries
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a TTL or {@code maxEntries} is out of range
   */
  public InMemorySettingsCache(Duration endpointTtl, Duration failureTtl, int maxEntries, Clock clock) {
    this.endpointTtl = CacheTable.checkTtl(endpointTtl, "endpointTtl");
    this.failureTtl = CacheTable.checkTtl(failureTtl, "failureTtl");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.table = new CacheTable(maxEntries);
  }

  /**
   * Makes an empty cache with the defaults of {@link SettingsCache#inMemory()} and the system clock.
   *
   * @return a new cache
   */
  public static InMemorySettingsCache withDefaults() {
    return new InMemorySettingsCache(SettingsCache.DEFAULT_ENDPOINT_TTL, SettingsCache.DEFAULT_FAILURE_TTL,
        SettingsCache.DEFAULT_MAX_ENTRIES, Clock.systemUTC());
  }

  @Override
  public Optional<CacheEntry> lookup(EmailAddress address) {
    Objects.requireNonNull(address, "address");
    synchronized (lock) {
      return table.lookup(address, clock.instant());
    }
  }

  @Override
  public void storeEndpoint(
      EmailAddress address, URI endpoint, AutodiscoverProtocol protocol, DiscoveryMethod foundBy) {
    URI clean = CacheTable.checkEndpointArguments(address, endpoint, protocol, foundBy);
    synchronized (lock) {
      table.putEndpoint(address, clean, protocol, foundBy, clock.instant(), endpointTtl);
    }
  }

  @Override
  public void storeAddressEndpoint(
      EmailAddress address, URI endpoint, AutodiscoverProtocol protocol, DiscoveryMethod foundBy) {
    URI clean = CacheTable.checkEndpointArguments(address, endpoint, protocol, foundBy);
    synchronized (lock) {
      table.putAddressEndpoint(address, clean, protocol, foundBy, clock.instant(), endpointTtl);
    }
  }

  @Override
  public void storeFailure(EmailAddress address, String reason) {
    String clean = CacheTable.checkFailureArguments(address, reason);
    synchronized (lock) {
      table.putFailure(address, clean, clock.instant(), failureTtl);
    }
  }

  @Override
  public void invalidate(EmailAddress address) {
    Objects.requireNonNull(address, "address");
    synchronized (lock) {
      table.invalidate(address);
    }
  }

  @Override
  public void clear() {
    synchronized (lock) {
      table.clear();
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "SettingsCache[kind=in-memory, entries=" + table.size() + "]";
    }
  }
}
