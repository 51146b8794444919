package dev.autodiscover.spi;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.BatchItem;
import dev.autodiscover.BatchRequest;
import dev.autodiscover.DomainSettingName;
import dev.autodiscover.DomainSettingsResult;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.InvalidEmailAddressException;

/**
 * What one {@link dev.autodiscover.AutodiscoverClient} runs its calls on, made by
 * {@link AutodiscoverProvider#newEngine(dev.autodiscover.AutodiscoverClient)}. Thread-safe. Every call's futures
 * complete exceptionally with an {@link dev.autodiscover.AutodiscoverException} subclass on failure, never with a
 * raw transport exception; cancelling a future cancels that call's requests in flight.
 */
public interface AutodiscoverEngine extends AutoCloseable {
  /**
   * Checks that an address's domain can be discovered by this client.
   *
   * @param address the address
   * @throws InvalidEmailAddressException if the domain is a public suffix, or outside the public suffix list
   *     and not one of the client's private domains; the message says what to do
   */
  void checkAddress(EmailAddress address);

  /**
   * Runs single discovery.
   *
   * @param request the request, made on this engine's client
   * @return the future result
   */
  CompletableFuture<AutodiscoverResult> resolveAsync(AutodiscoverRequest request);

  /**
   * Runs a batch.
   *
   * @param request the batch, made on this engine's client
   * @return the future items, one per input in input order
   */
  CompletableFuture<List<BatchItem>> resolveBatchAsync(BatchRequest request);

  /**
   * Runs discovery, then {@code GetDomainSettings} at the endpoint found.
   *
   * @param request the request, made on this engine's client
   * @param names the settings to ask for: non-empty, unmodifiable
   * @return the future result
   */
  CompletableFuture<DomainSettingsResult> resolveDomainSettingsAsync(AutodiscoverRequest request,
      Set<DomainSettingName> names);

  /**
   * Prepares what the first call would set up (see {@link dev.autodiscover.AutodiscoverClient#warmUp()}), in the
   * background; never sends anything. The default does nothing.
   *
   * @return a future completed normally when the preparation has ended, the same one on every call
   */
  default CompletableFuture<Void> warmUp() {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Cancels the calls in flight and releases what the engine created (threads, connections). Idempotent;
   * never throws.
   */
  @Override
  void close();
}
