package dev.autodiscover.spi;

import java.util.Optional;
import dev.autodiscover.AutodiscoverClient;

/**
 * The implementation behind the API, found once per JVM through {@link java.util.ServiceLoader}; the
 * {@code autodiscover-impl} artifact provides it. Applications do not call it: they build an
 * {@link AutodiscoverClient}. Implementations must be thread-safe.
 */
public interface AutodiscoverProvider {
  /**
   * Makes the engine of a new client: everything the client owns that costs to create (threads, HTTP
   * connections) is created by the engine, lazily where it can be, and released by {@link AutodiscoverEngine#close()}.
   * Called once per {@link AutodiscoverClient}, from its constructor: read its settings, but do not keep calls
   * waiting on it.
   *
   * @param client the client, fully configured
   * @return its engine, never null
   */
  AutodiscoverEngine newEngine(AutodiscoverClient client);

  /**
   * Tells whether a name is a public suffix ({@code com}, {@code co.uk}, {@code github.io}) per the public
   * suffix list the implementation carries.
   *
   * @param domain lower-case ASCII domain name without a trailing dot
   * @return true if it is a public suffix
   */
  boolean isPublicSuffix(String domain);

  /**
   * Returns the registrable domain (public suffix plus one label) of a host name under the public suffix list.
   *
   * @param host lower-case ASCII host name without a trailing dot
   * @return the registrable domain; empty if the host is a public suffix or not under any
   */
  Optional<String> registrableDomain(String host);

  /**
   * Makes the cache behind {@link dev.autodiscover.SettingsCache#inMemory()} ({@code file} null) or
   * {@link dev.autodiscover.SettingsCache#file(java.nio.file.Path)}; those factories have checked the arguments.
   *
   * @param file the cache file, absolute and normalised, or {@code null} for a cache in memory only
   * @param endpointTtl how long an endpoint stays fresh
   * @param failureTtl how long a failure stays fresh
   * @param maxEntries how many entries to keep at most
   * @return a new thread-safe cache
   */
  dev.autodiscover.SettingsCache newSettingsCache(java.nio.file.@org.jspecify.annotations.Nullable Path file,
      java.time.Duration endpointTtl, java.time.Duration failureTtl, int maxEntries);
}
