package dev.autodiscover;

import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.ServiceLoader;
import dev.autodiscover.spi.AutodiscoverProvider;

/**
 * The front door. {@link #forEmail(String)} and {@link #forEmails(Collection)} run on a default client, made
 * when first needed and kept for the life of the JVM (as {@link java.net.http.HttpClient#newHttpClient()}
 * would be); {@link #newClient()} builds a client of your own, with its own proxy, TLS, DNS, cache, trust and
 * listener, that you close when done.
 *
 * <pre>{@code
 * AutodiscoverResult result = Autodiscover.forEmail("jan@contoso.com").excluding(DiscoveryMethod.SCP).resolve();
 * }</pre>
 *
 * <p>The implementation lives in {@code autodiscover-impl} and is found through {@link ServiceLoader}. Thread-safe.
 */
public final class Autodiscover {
  private Autodiscover() {}

  /**
   * Starts a single lookup on the default client.
   *
   * @param email the address, e.g. {@code jan.novak@contoso.com}
   * @return a request with default options
   * @throws NullPointerException if {@code email} is null
   * @throws InvalidEmailAddressException if it is not an address or its domain cannot be discovered
   *     (see {@link AutodiscoverClient#forEmail(String)})
   * @throws IllegalStateException if no implementation ({@code autodiscover-impl}) is installed
   */
  public static AutodiscoverRequest forEmail(String email) {
    EmailAddress address = EmailAddress.parse(email);
    return defaultClient().forEmail(address);
  }

  /**
   * Starts a single lookup on the default client.
   *
   * @param email the address
   * @return a request with default options
   * @throws NullPointerException if {@code email} is null
   * @throws InvalidEmailAddressException if its domain cannot be discovered
   * @throws IllegalStateException if no implementation is installed
   */
  public static AutodiscoverRequest forEmail(EmailAddress email) {
    Objects.requireNonNull(email, "email");
    return defaultClient().forEmail(email);
  }

  /**
   * Starts a batch on the default client.
   *
   * @param addresses the addresses, in the order the results should have
   * @return a batch with default options
   * @throws NullPointerException if {@code addresses} or an element is null
   * @throws IllegalStateException if no implementation is installed
   */
  public static BatchRequest forEmails(Collection<String> addresses) {
    Objects.requireNonNull(addresses, "addresses");
    return defaultClient().forEmails(addresses);
  }

  /**
   * Starts building a client of your own: the same as {@link AutodiscoverClient#builder()}.
   *
   * @return a builder with every default
   */
  public static AutodiscoverClient.Builder newClient() {
    return AutodiscoverClient.builder();
  }

  /** The implementation; throws {@link IllegalStateException} naming the missing artifact when there is none. */
  static AutodiscoverProvider provider() {
    AutodiscoverProvider p = Provider.INSTANCE;
    if (p == null) {
      throw new IllegalStateException("No Autodiscover implementation found. Add the artifact "
          + "dev.autodiscover:autodiscover-impl (same version as autodiscover-api) to the class path or module path.");
    }
    return p;
  }

  private static final class Provider {
    static final AutodiscoverProvider INSTANCE = load();

    private static @org.jspecify.annotations.Nullable AutodiscoverProvider load() {
      Iterator<AutodiscoverProvider> it =
          ServiceLoader.load(AutodiscoverProvider.class, Autodiscover.class.getClassLoader()).iterator();
      return it.hasNext() ? it.next() : null;
    }
  }

  private static volatile @org.jspecify.annotations.Nullable AutodiscoverClient defaultClient;

  /** The default client, made on first use and never closed (its threads are daemons). */
  private static AutodiscoverClient defaultClient() {
    AutodiscoverClient c = defaultClient;
    if (c == null) {
      synchronized (Autodiscover.class) {
        c = defaultClient;
        if (c == null) {
          c = AutodiscoverClient.builder().build();
          defaultClient = c;
        }
      }
    }
    return c;
  }
}
