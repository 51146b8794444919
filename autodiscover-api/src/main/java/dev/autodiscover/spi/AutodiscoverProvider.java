package dev.autodiscover.spi;

import java.util.concurrent.CompletableFuture;
import dev.autodiscover.AttemptTrace;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;

/**
 * The implementation behind the API, found with {@link java.util.ServiceLoader}. The SDK's own
 * {@code autodiscover-impl} provides it; applications do not implement it.
 *
 * <p>Implementations must be thread-safe; one instance serves every request in the JVM.
 */
public interface AutodiscoverProvider {
  /**
   * Runs discovery for a request.
   *
   * @param request the request
   * @return a future that completes with the result, or exceptionally with an
   *     {@link dev.autodiscover.AutodiscoverException} subclass; cancelling it cancels the run
   */
  CompletableFuture<AutodiscoverResult> resolveAsync(AutodiscoverRequest request);

  /**
   * Runs a batch.
   *
   * @param request the batch
   * @return a future that completes with one item per input address, in input order; cancelling it cancels
   *     the requests in flight
   * @throws UnsupportedOperationException if this provider does not support batches (the default)
   */
  default CompletableFuture<java.util.List<dev.autodiscover.BatchItem>> resolveBatchAsync(
      dev.autodiscover.BatchRequest request) {
    throw new UnsupportedOperationException("batch discovery needs the implementation in "
        + "dev.autodiscover:autodiscover-impl (same version as autodiscover-api); " + getClass().getName()
        + " does not support it");
  }

  /**
   * Finds the request's endpoint and asks it for domain settings with SOAP {@code GetDomainSettings}.
   *
   * @param request the request; its address's domain is the domain asked about
   * @param names the settings to ask for, non-empty
   * @return a future that completes with the settings, or exceptionally with an
   *     {@link dev.autodiscover.AutodiscoverException} subclass; cancelling it cancels the run
   * @throws UnsupportedOperationException if this provider does not support it (the default)
   */
  default CompletableFuture<dev.autodiscover.DomainSettingsResult> resolveDomainSettingsAsync(
      AutodiscoverRequest request, java.util.Set<dev.autodiscover.DomainSettingName> names) {
    throw new UnsupportedOperationException("domain settings need the implementation in "
        + "dev.autodiscover:autodiscover-impl (same version as autodiscover-api); " + getClass().getName()
        + " does not support it");
  }

  /**
   * Makes the cache behind {@link dev.autodiscover.SettingsCache#inMemory()} ({@code file} null) or
   * {@link dev.autodiscover.SettingsCache#file(java.nio.file.Path)}; those factories have checked the arguments.
   *
   * @param file the cache file, absolute and normalised, or {@code null} for a cache in memory only
   * @param endpointTtl how long an endpoint stays fresh
   * @param failureTtl how long a failure stays fresh
   * @param maxEntries how many entries to keep at most
   * @return a new thread-safe cache
   * @throws UnsupportedOperationException if this provider has no built-in caches (the default)
   */
  default dev.autodiscover.SettingsCache newSettingsCache(java.nio.file.@org.jspecify.annotations.Nullable Path file,
      java.time.Duration endpointTtl, java.time.Duration failureTtl, int maxEntries) {
    throw new UnsupportedOperationException("settings caches need the implementation in "
        + "dev.autodiscover:autodiscover-impl (same version as autodiscover-api); " + getClass().getName()
        + " does not support them");
  }

  /**
   * Renders a trace as a JSON array.
   *
   * @param trace the trace
   * @return the JSON text
   */
  String traceToJson(AttemptTrace trace);
}
