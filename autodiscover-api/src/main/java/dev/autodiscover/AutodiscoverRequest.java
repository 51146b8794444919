package dev.autodiscover;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One question: where does this address's mailbox live? Made by {@link AutodiscoverClient#forEmail(String)} (or
 * {@link Autodiscover#forEmail(String)} on the default client), configured with the per-call options of
 * {@link DiscoveryOptions}, and run with {@link #resolve()}. Immutable and thread-safe; each option method
 * returns a new request.
 *
 * <pre>{@code
 * AutodiscoverResult result = Autodiscover.forEmail("jan.novak@contoso.com")
 *     .excluding(DiscoveryMethod.SCP)
 *     .attemptTimeout(Duration.ofSeconds(5))
 *     .deadline(Duration.ofSeconds(30))
 *     .resolve();
 * }</pre>
 */
public final class AutodiscoverRequest extends DiscoveryOptions<AutodiscoverRequest> {
  private final EmailAddress address;

  AutodiscoverRequest(AutodiscoverClient client, EmailAddress address, CallSettings settings) {
    super(client, settings);
    this.address = address;
  }

  @Override
  AutodiscoverRequest with(CallSettings changed) {
    return new AutodiscoverRequest(client, address, changed);
  }

  /** {@return the normalised address, never null} */
  public EmailAddress address() {
    return address;
  }

  /**
   * {@return this request's deadline, else the client's default ({@link AutodiscoverClient#deadline()})}
   */
  @Override
  public Duration deadline() {
    return settings.deadline != null ? settings.deadline : client.deadline();
  }

  /**
   * Runs discovery and waits for the answer.
   *
   * @return the result
   * @throws AutodiscoverException (a subclass saying what went wrong) when discovery fails; its trace holds
   *     every attempt
   * @throws java.util.concurrent.CancellationException if the run was cancelled, the client closed, or the
   *     waiting thread interrupted (its flag is restored)
   * @throws IllegalStateException if the client is closed
   */
  public AutodiscoverResult resolve() {
    return Await.join(resolveAsync(), "Autodiscover");
  }

  /**
   * Starts discovery and returns at once. Cancelling the returned future cancels every request in flight.
   * The future completes exceptionally with an {@link AutodiscoverException} subclass on failure.
   *
   * @return the future result
   * @throws IllegalStateException if the client is closed
   */
  public CompletableFuture<AutodiscoverResult> resolveAsync() {
    return client.engine().resolveAsync(this);
  }

  /**
   * Finds the address's Autodiscover endpoint (as {@link #resolve()} does) and asks its SOAP service for
   * organisation-level settings of the address's domain with {@code GetDomainSettings} (protocol.md §4.5), and
   * waits for the answer.
   *
   * @param names the settings to ask for; at least one
   * @return the domain settings, with the endpoint that gave them and the trace of the whole run
   * @throws NullPointerException if {@code names} or an element is null
   * @throws IllegalArgumentException if {@code names} is empty
   * @throws AutodiscoverException (a subclass saying what went wrong) when discovery fails, the endpoint has no
   *     SOAP service, or it answers with an error such as {@code InvalidDomain}
   *     ({@link AutodiscoverErrorResponseException#soapErrorCode()}); its trace holds every attempt
   * @throws java.util.concurrent.CancellationException if the run was cancelled or the thread interrupted
   * @throws IllegalStateException if the client is closed
   */
  public DomainSettingsResult resolveDomainSettings(Set<DomainSettingName> names) {
    return Await.join(resolveDomainSettingsAsync(names), "Autodiscover");
  }

  /**
   * Starts {@link #resolveDomainSettings(Set)} and returns at once. Cancelling the returned future cancels every
   * request in flight; it completes exceptionally with an {@link AutodiscoverException} subclass on failure.
   *
   * @param names the settings to ask for; at least one
   * @return the future result
   * @throws NullPointerException if {@code names} or an element is null
   * @throws IllegalArgumentException if {@code names} is empty
   * @throws IllegalStateException if the client is closed
   */
  public CompletableFuture<DomainSettingsResult> resolveDomainSettingsAsync(Set<DomainSettingName> names) {
    Objects.requireNonNull(names, "names");
    names.forEach(n -> Objects.requireNonNull(n, "names must not contain null"));
    if (names.isEmpty()) {
      throw new IllegalArgumentException("ask for at least one domain setting, e.g. EnumSet.of(EXTERNAL_EWS_URL)");
    }
    return client.engine().resolveDomainSettingsAsync(this, Collections.unmodifiableSet(EnumSet.copyOf(names)));
  }

  /** {@return a description of the request without secrets} */
  @Override
  public String toString() {
    return "AutodiscoverRequest[" + address + ", " + settings + "]";
  }
}
