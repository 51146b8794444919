package dev.autodiscover;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** {@link SettingsCache#inMemory()}: a bounded LRU table behind one lock. */
final class InMemorySettingsCache implements SettingsCache {
  private final Duration endpointTtl;
  private final Duration failureTtl;
  private final Clock clock;
  private final Object lock = new Object();
  private final CacheTable table;

  InMemorySettingsCache(Duration endpointTtl, Duration failureTtl, int maxEntries, Clock clock) {
    this.endpointTtl = CacheTable.checkTtl(endpointTtl, "endpointTtl");
    this.failureTtl = CacheTable.checkTtl(failureTtl, "failureTtl");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.table = new CacheTable(maxEntries);
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
