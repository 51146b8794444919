package dev.autodiscover.internal.env;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import dev.autodiscover.ActiveDirectory;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.DnsResolver;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.RedirectValidator;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.spi.AutodiscoverEventListener;
import org.jspecify.annotations.Nullable;

/**
 * The environment of one call: the client's settings, the call's listener, and the overrides a driver (batch,
 * domain settings) applies to the discovery runs it starts: a recording validator, a smaller redirect budget, a
 * cache of its own. Immutable and thread-safe.
 *
 * @param client the client the call was made on
 * @param listener the call's listener (made once per call by the client's factory)
 * @param validator the redirect validator to ask
 * @param maxRedirects the redirect budget of a run
 * @param cache the settings cache
 * @param addressChange the address redirect a driver's discovery run continues (a batch's SOAP
 *     {@code RedirectAddress}), or null: the run's address is then the caller's own
 */
public record CallEnv(AutodiscoverClient client, AutodiscoverEventListener listener, RedirectValidator validator,
    int maxRedirects, SettingsCache cache, @Nullable AddressChange addressChange) {

  /**
   * An environment whose runs discover the caller's own addresses.
   *
   * @param client the client
   * @param listener the listener
   * @param validator the validator
   * @param maxRedirects the redirect budget
   * @param cache the cache
   */
  public CallEnv(AutodiscoverClient client, AutodiscoverEventListener listener, RedirectValidator validator,
      int maxRedirects, SettingsCache cache) {
    this(client, listener, validator, maxRedirects, cache, null);
  }

  /**
   * The environment of a new call on a client.
   *
   * @param client the client
   * @param addresses the call's addresses, for the listener factory
   * @return the environment
   */
  public static CallEnv of(AutodiscoverClient client, List<EmailAddress> addresses) {
    AutodiscoverEventListener listener;
    try {
      listener = client.eventListenerFactory().create(List.copyOf(addresses));
    } catch (RuntimeException e) {
      System.getLogger(CallEnv.class.getName()).log(System.Logger.Level.WARNING,
          "Autodiscover event listener factory threw; this call reports no events", e);
      listener = AutodiscoverEventListener.NONE;
    }
    return new CallEnv(client, listener == null ? AutodiscoverEventListener.NONE : listener,
        client.redirectValidator(), client.maxRedirects(), client.settingsCache());
  }

  /** {@return this environment with another validator} @param v the validator */
  public CallEnv withValidator(RedirectValidator v) {
    return new CallEnv(client, listener, v, maxRedirects, cache, addressChange);
  }

  /** {@return this environment with another redirect budget} @param budget the budget */
  public CallEnv withMaxRedirects(int budget) {
    return new CallEnv(client, listener, validator, Math.max(0, budget), cache, addressChange);
  }

  /** {@return this environment with another cache} @param c the cache */
  public CallEnv withCache(SettingsCache c) {
    return new CallEnv(client, listener, validator, maxRedirects, c, addressChange);
  }

  /**
   * This environment for a discovery run that continues an address redirect: the run's address is
   * {@code change.to()}, and credentials are decided as for the caller's address {@code change.from()}.
   *
   * @param change the redirect
   * @return the environment
   */
  public CallEnv withAddressChange(AddressChange change) {
    return new CallEnv(client, listener, validator, maxRedirects, cache, change);
  }

  /** {@return the trusted redirect hosts} */
  public Set<String> trustedHosts() {
    return client.trustedRedirectHosts();
  }

  /** {@return the domains treated as registrable outside the public suffix list} */
  public Set<String> privateDomains() {
    return client.privateDomains();
  }

  /** {@return the DNS resolver settings} */
  public DnsResolver dnsResolver() {
    return client.dnsResolver();
  }

  /** {@return the Active Directory, if SCP is configured} */
  public Optional<ActiveDirectory> activeDirectory() {
    return client.activeDirectory();
  }

  /** {@return the SSL context, or empty for the JDK default} */
  public Optional<SSLContext> sslContext() {
    return client.sslContext();
  }

  /**
   * The local XML file for an address: the whole address's, else its domain's.
   *
   * @param address the address
   * @return the file, if configured
   */
  public Optional<Path> localXmlFile(EmailAddress address) {
    Path file = client.localXmlFiles().get(address.toString().toLowerCase(Locale.ROOT));
    return Optional.ofNullable(file != null ? file : client.localXmlFiles().get(address.domain()));
  }
}
