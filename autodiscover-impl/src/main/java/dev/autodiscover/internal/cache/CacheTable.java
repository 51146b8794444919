package dev.autodiscover.internal.cache;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.CacheEntry;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.SettingsCache;
import org.jspecify.annotations.Nullable;

/**
 * The entries of a built-in {@link SettingsCache}, least recently used first, and the rules shared by the
 * stores: argument checks, which entries a store writes and which one a lookup returns. A domain entry is
 * written only by {@link #putEndpoint}, the store for an endpoint the domain's own methods found; {@link
 * #putAddressEndpoint} (an endpoint a per-user redirect led to) leaves it alone.
 *
 * <p>Not thread-safe: the stores guard each instance with their own lock.
 */
final class CacheTable {
  /** The key of an entry: the identity for an address entry, the domain for a domain entry. */
  record Key(CacheEntry.Scope scope, String name) {
    static Key of(CacheEntry entry) {
      return new Key(entry.scope(), entry.scope() == CacheEntry.Scope.ADDRESS ? entry.identity() : entry.domain());
    }

    static Key address(EmailAddress address) {
      return new Key(CacheEntry.Scope.ADDRESS, CacheEntry.identityOf(address));
    }

    static Key domain(EmailAddress address) {
      return new Key(CacheEntry.Scope.DOMAIN, address.domain());
    }
  }

  private final int maxEntries;
  private final LinkedHashMap<Key, CacheEntry> entries;

  CacheTable(int maxEntries) {
    this.maxEntries = checkMaxEntries(maxEntries);
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, CacheEntry> eldest) {
        return size() > CacheTable.this.maxEntries;
      }
    };
  }

  static Duration checkTtl(Duration ttl, String name) {
    Objects.requireNonNull(ttl, name);
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + ttl);
    }
    if (ttl.compareTo(SettingsCache.MAX_TTL) > 0) {
      throw new IllegalArgumentException(name + " must be at most " + SettingsCache.MAX_TTL + ", not " + ttl);
    }
    return ttl;
  }

  static int checkMaxEntries(int maxEntries) {
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("maxEntries must be positive, not " + maxEntries);
    }
    return maxEntries;
  }

  /** Checks the arguments of {@link SettingsCache#storeEndpoint} and returns the endpoint as it may be kept. */
  static URI checkEndpointArguments(
      EmailAddress address, URI endpoint, AutodiscoverProtocol protocol, DiscoveryMethod foundBy) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(foundBy, "foundBy");
    return CacheEntry.cacheableEndpoint(endpoint);
  }

  /** Checks the arguments of {@link SettingsCache#storeFailure} and returns the reason as it may be kept. */
  static String checkFailureArguments(EmailAddress address, String reason) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(reason, "reason");
    return CacheEntry.cacheableReason(reason);
  }

  /** The fresh address entry, else the fresh domain entry; removes the expired entries it meets. */
  Optional<CacheEntry> lookup(EmailAddress address, Instant now) {
    CacheEntry own = fresh(Key.address(address), now);
    return own != null ? Optional.of(own) : Optional.ofNullable(fresh(Key.domain(address), now));
  }

  private @Nullable CacheEntry fresh(Key key, Instant now) {
    CacheEntry entry = entries.get(key);
    if (entry != null && !entry.isFreshAt(now)) {
      entries.remove(key);
      return null;
    }
    return entry;
  }

  /** An endpoint the domain's own methods found: the address entry and the domain entry. */
  void putEndpoint(EmailAddress address, URI endpoint, AutodiscoverProtocol protocol, DiscoveryMethod foundBy,
      Instant now, Duration ttl) {
    Instant expiresAt = now.plus(ttl);
    String identity = CacheEntry.identityOf(address);
    put(new CacheEntry.Endpoint(CacheEntry.Scope.DOMAIN, address.domain(), identity, endpoint, protocol, foundBy,
        now, expiresAt));
    put(new CacheEntry.Endpoint(CacheEntry.Scope.ADDRESS, address.domain(), identity, endpoint, protocol, foundBy,
        now, expiresAt));
  }

  /** An endpoint only this address was sent to: the address entry alone. */
  void putAddressEndpoint(EmailAddress address, URI endpoint, AutodiscoverProtocol protocol,
      DiscoveryMethod foundBy, Instant now, Duration ttl) {
    put(new CacheEntry.Endpoint(CacheEntry.Scope.ADDRESS, address.domain(), CacheEntry.identityOf(address), endpoint,
        protocol, foundBy, now, now.plus(ttl)));
  }

  void putFailure(EmailAddress address, String reason, Instant now, Duration ttl) {
    put(new CacheEntry.Failure(address.domain(), CacheEntry.identityOf(address), reason, now, now.plus(ttl)));
  }

  void put(CacheEntry entry) {
    Key key = Key.of(entry);
    // Remove first so that a replaced entry counts as the most recently used one.
    entries.remove(key);
    entries.put(key, entry);
  }

  void invalidate(EmailAddress address) {
    entries.remove(Key.address(address));
    entries.remove(Key.domain(address));
  }

  void removeExpired(Instant now) {
    for (Iterator<CacheEntry> it = entries.values().iterator(); it.hasNext(); ) {
      if (!it.next().isFreshAt(now)) {
        it.remove();
      }
    }
  }

  void clear() {
    entries.clear();
  }

  int size() {
    return entries.size();
  }

  /** The entries, least recently used first. */
  List<CacheEntry> entries() {
    return new ArrayList<>(entries.values());
  }
}
