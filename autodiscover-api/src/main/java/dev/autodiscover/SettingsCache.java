package dev.autodiscover;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Remembers which Autodiscover endpoint answered for an address (Outlook's last-known-good URL, protocol.md
 * §2.9 and §13), and briefly which addresses found nothing (negative caching).
 *
 * <p>Entries are keyed by the address's identity (the normalised address: local part lower-cased, domain as
 * in {@link EmailAddress#domain()}, see {@link CacheEntry#identityOf}) and by its domain. {@link #storeEndpoint
 * storeEndpoint} writes an {@linkplain CacheEntry.Scope#ADDRESS address entry} and a {@linkplain
 * CacheEntry.Scope#DOMAIN domain entry}; {@link #storeAddressEndpoint storeAddressEndpoint} (an endpoint only
 * this address was sent to) and {@link #storeFailure storeFailure} write an address entry only. {@link #lookup
 * lookup} returns the address
 * entry if it is fresh, else the domain entry if that is fresh, else nothing. Each address and each domain has
 * at most one entry, so a later store replaces an earlier one.
 *
 * <p>A cache never stores credentials, tokens, settings bodies, or the user-info, query or fragment of a URL:
 * endpoints are reduced to {@code https://host[:port]/path} before they are stored ({@link
 * CacheEntry#cacheableEndpoint}). Failure reasons are stored as given (control characters replaced, cut at 500
 * characters, {@link CacheEntry#cacheableReason}), so callers must not put secrets in them.
 *
 * <p>Implementations must be safe for concurrent use by several threads, must not block for long, and
 * should never throw from a lookup or store for reasons other than bad arguments: a cache must never make
 * discovery fail. Use {@link #inMemory()}, {@link #file(Path)} or {@link #disabled()} for the built-in ones;
 * the in-memory and file caches are made by the implementation ({@code autodiscover-impl}) when first used.
 *
 * <p>Call {@link #invalidate(EmailAddress)} when a cached endpoint stops working, answers with a redirect or
 * an error, or EWS says to rediscover (for example {@code ErrorMailboxMoveInProgress} or
 * {@code ErrorConnectionFailed}).
 */
public interface SettingsCache {
  /** How long an endpoint stays fresh unless configured otherwise: 7 days (protocol.md §13). */
  Duration DEFAULT_ENDPOINT_TTL = Duration.ofDays(7);
  /** How long a failure stays fresh unless configured otherwise: 5 minutes (protocol.md §13). */
  Duration DEFAULT_FAILURE_TTL = Duration.ofMinutes(5);
  /** How many entries (address and domain entries together) a built-in store keeps by default: 10,000. */
  int DEFAULT_MAX_ENTRIES = 10_000;
  /** The longest time to live the built-in stores accept: 3,650 days. */
  Duration MAX_TTL = Duration.ofDays(3650);

  /**
   * Returns the freshest applicable entry for an address.
   *
   * @param address the address being discovered
   * @return the address entry if it is fresh (which may be a {@link CacheEntry.Failure}),
   *     else the domain entry if it is fresh, else empty
   * @throws NullPointerException if {@code address} is null
   */
  Optional<CacheEntry> lookup(EmailAddress address);

  /**
   * Remembers the endpoint that answered for an address, as an address entry and a domain entry. Replaces
   * any earlier entry for the address (a failure too) and for its domain.
   *
   * <p>The endpoint is stored as {@code https://host[:port]/path}: scheme and host in lower case, user-info,
   * query and fragment dropped, so that a password or token in the URL never reaches the cache.
   *
   * @param address the address that was discovered
   * @param endpoint the Autodiscover endpoint that answered; absolute {@code https} with a host, at most
   *     2,048 characters
   * @param protocol the protocol it answered with
   * @param foundBy the discovery method that found it
   * @throws NullPointerException if any argument is null
   * @throws IllegalArgumentException if {@code endpoint} is not an absolute {@code https} URI with a host or
   *     is too long
   */
  void storeEndpoint(EmailAddress address, URI endpoint, AutodiscoverProtocol protocol, DiscoveryMethod foundBy);

  /**
   * Remembers an endpoint that answered for this address only, as an address entry; the domain entry is left
   * as it is. Discovery uses it for an endpoint it reached only because a server sent this one user there (a
   * {@code redirectAddr} or {@code redirectUrl}): that endpoint must not become the domain's last known good,
   * or every other address of the domain would be sent (with its credentials) to a server that only knows
   * this user. Replaces any earlier address entry (a failure too). The endpoint is reduced as in {@link
   * #storeEndpoint storeEndpoint}.
   *
   * <p>The default implementation checks the arguments and stores nothing (a cache may always forget); the
   * built-in caches store the address entry.
   *
   * @param address the address that was discovered
   * @param endpoint the Autodiscover endpoint that answered; absolute {@code https} with a host, at most
   *     2,048 characters
   * @param protocol the protocol it answered with
   * @param foundBy the discovery method that started the chain that led to it
   * @throws NullPointerException if any argument is null
   * @throws IllegalArgumentException if {@code endpoint} is not an absolute {@code https} URI with a host or
   *     is too long
   */
  default void storeAddressEndpoint(
      EmailAddress address, URI endpoint, AutodiscoverProtocol protocol, DiscoveryMethod foundBy) {
    Objects.requireNonNull(address, "address");
    CacheEntry.cacheableEndpoint(endpoint);
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(foundBy, "foundBy");
  }

  /**
   * Remembers that discovery found nothing for an address (negative caching). Stores an address entry only
   * and replaces an earlier one; a later {@link #storeEndpoint storeEndpoint} replaces it in turn.
   *
   * @param address the address that was not found
   * @param reason why, for diagnostics; must not contain secrets. Control characters become spaces and text
   *     beyond 500 characters is cut
   * @throws NullPointerException if any argument is null
   * @throws IllegalArgumentException if {@code reason} is blank
   */
  void storeFailure(EmailAddress address, String reason);

  /**
   * Forgets the address entry and the domain entry of an address. Call it when a cached endpoint fails or
   * redirects, or when EWS says to rediscover (for example {@code ErrorMailboxMoveInProgress}).
   *
   * @param address the address whose entries to forget
   * @throws NullPointerException if {@code address} is null
   */
  void invalidate(EmailAddress address);

  /** Forgets every entry. */
  void clear();

  /**
   * Returns a new in-memory cache with the default limits: endpoints fresh for {@linkplain
   * #DEFAULT_ENDPOINT_TTL 7 days}, failures for {@linkplain #DEFAULT_FAILURE_TTL 5 minutes}, at most
   * {@linkplain #DEFAULT_MAX_ENTRIES 10,000} entries, the least recently used going first. Thread-safe.
   *
   * @return a new, empty cache
   */
  static SettingsCache inMemory() {
    return inMemory(DEFAULT_ENDPOINT_TTL, DEFAULT_FAILURE_TTL, DEFAULT_MAX_ENTRIES);
  }

  /**
   * Returns a new in-memory cache. Expired entries are removed when a lookup meets them; beyond {@code
   * maxEntries} entries the least recently used one goes. Thread-safe. The arguments are checked now; the
   * cache itself is made by the installed implementation when first used.
   *
   * @param endpointTtl how long an endpoint stays fresh; positive, at most {@link #MAX_TTL}
   * @param failureTtl how long a failure stays fresh; positive, at most {@link #MAX_TTL}
   * @param maxEntries how many entries (address and domain entries together) to keep; positive
   * @return a new, empty cache
   * @throws NullPointerException if a TTL is null
   * @throws IllegalArgumentException if a TTL is zero, negative or too long, or {@code maxEntries} is not
   *     positive
   */
  static SettingsCache inMemory(Duration endpointTtl, Duration failureTtl, int maxEntries) {
    checkTtl(endpointTtl, "endpointTtl");
    checkTtl(failureTtl, "failureTtl");
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("maxEntries must be positive, not " + maxEntries);
    }
    return new ProvidedSettingsCache("SettingsCache[kind=in-memory, entries=0]",
        provider -> provider.newSettingsCache(null, endpointTtl, failureTtl, maxEntries));
  }

  /**
   * Returns a cache kept in a file, with the default limits of {@link #inMemory()}.
   *
   * @param path the cache file; see {@link #file(Path, Duration, Duration)}
   * @return a cache backed by the file
   * @throws NullPointerException if {@code path} is null
   */
  static SettingsCache file(Path path) {
    return file(path, DEFAULT_ENDPOINT_TTL, DEFAULT_FAILURE_TTL);
  }

  /**
   * Returns a cache kept in a file, so that endpoints survive restarts. Thread-safe.
   *
   * <p>The file is a {@link java.util.Properties} file with a format marker and version. It is read on
   * first use and again whenever it changed on disk, and rewritten after every store, invalidate and clear:
   * into a temporary file in the same directory, then moved over the old one atomically (where the file
   * system supports it). On POSIX file systems the file is readable and writable by its owner only
   * ({@code rw-------}); a missing parent directory is created ({@code rwx------}). Entries beyond 10,000 are
   * dropped, least recently used first.
   *
   * <p>A file this cache cannot read (corrupt, foreign, of an unknown version, or larger than 32 MiB) is
   * ignored with one {@link System.Logger} warning naming the path, and replaced on the next write; so do not
   * point it at a file you need. If the file cannot be written, a warning is logged and the cache keeps
   * working from memory. Several instances in one JVM may share a file safely. Across processes each write
   * replaces the whole file, so when two processes write at the same time the last writer wins and the
   * other's latest change is lost (which costs only a rediscovery).
   *
   * @param path the cache file, for example {@code ~/.autodiscover/settings-cache.properties}
   * @param endpointTtl how long an endpoint stays fresh; positive, at most {@link #MAX_TTL}
   * @param failureTtl how long a failure stays fresh; positive, at most {@link #MAX_TTL}
   * @return a cache backed by the file; creating it does no I/O. The arguments are checked now; the cache
   *     itself is made by the installed implementation when first used
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a TTL is zero, negative or too long, or {@code path} does not name a
   *     file (it has no file name or, made absolute, no parent directory)
   */
  static SettingsCache file(Path path, Duration endpointTtl, Duration failureTtl) {
    Objects.requireNonNull(path, "path");
    checkTtl(endpointTtl, "endpointTtl");
    checkTtl(failureTtl, "failureTtl");
    Path absolute = path.toAbsolutePath().normalize();
    if (absolute.getFileName() == null || absolute.getParent() == null) {
      throw new IllegalArgumentException("path must name a file, not " + absolute);
    }
    return new ProvidedSettingsCache("SettingsCache[kind=file, path=" + absolute + ", not read yet]",
        provider -> provider.newSettingsCache(absolute, endpointTtl, failureTtl, DEFAULT_MAX_ENTRIES));
  }

  /**
   * Returns a cache that stores nothing and finds nothing. It still validates arguments like the others.
   *
   * @return the disabled cache, a shared stateless instance
   */
  static SettingsCache disabled() {
    return DisabledSettingsCache.INSTANCE;
  }

  /** Checks a TTL argument of the factories. */
  private static void checkTtl(Duration ttl, String name) {
    Objects.requireNonNull(ttl, name);
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + ttl);
    }
    if (ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException(name + " must be at most " + MAX_TTL + ", not " + ttl);
    }
  }
}
