package dev.autodiscover;

import java.util.Iterator;
import java.util.ServiceLoader;
import dev.autodiscover.spi.AutodiscoverProvider;

/**
 * Entry point of the SDK.
 *
 * <pre>{@code
 * AutodiscoverResult result = Autodiscover.forEmail("jan.novak@contoso.com").resolve();
 * URI ews = result.ewsUrl().orElseThrow().uri();
 * }</pre>
 *
 * <p>The implementation ({@code dev.autodiscover:autodiscover-impl}) is found once through
 * {@link ServiceLoader}; it must be on the class path or module path at run time.
 */
public final class Autodiscover {
  private Autodiscover() {}

  /**
   * Starts a request for one address, with every option at its default.
   *
   * @param email the SMTP address; trimmed, its domain lower-cased and converted to ASCII
   * @return an immutable request
   * @throws InvalidEmailAddressException if the address is malformed; nothing has been sent
   */
  public static AutodiscoverRequest forEmail(String email) {
    return AutodiscoverRequest.of(EmailAddress.parse(email));
  }

  /**
   * Starts a request for an already parsed address.
   *
   * @param email the address
   * @return an immutable request
   */
  public static AutodiscoverRequest forEmail(EmailAddress email) {
    return AutodiscoverRequest.of(java.util.Objects.requireNonNull(email, "email"));
  }

  /**
   * Starts a batch for many addresses, with every option at its default.
   *
   * <p>Addresses are not validated here: a malformed one becomes a failed {@link BatchItem} whose failure is an
   * {@link InvalidEmailAddressException}.
   *
   * @param addresses the SMTP addresses, in the order the results should have; copied
   * @return an immutable batch request
   * @throws NullPointerException if {@code addresses} or an element is null
   */
  public static BatchRequest forEmails(java.util.Collection<String> addresses) {
    return BatchRequest.of(addresses);
  }

  /**
   * Returns the installed implementation.
   *
   * @return the provider
   * @throws IllegalStateException if none is installed; the message names the artifact to add
   */
  public static AutodiscoverProvider provider() {
    AutodiscoverProvider p = Holder.PROVIDER;
    if (p == null) {
      throw new IllegalStateException("No Autodiscover implementation found. Add the artifact "
          + "dev.autodiscover:autodiscover-impl (same version as autodiscover-api) to the class path or module path.");
    }
    return p;
  }

  private static final class Holder {
    static final AutodiscoverProvider PROVIDER = load();

    private static @org.jspecify.annotations.Nullable AutodiscoverProvider load() {
      Iterator<AutodiscoverProvider> it = ServiceLoader.load(AutodiscoverProvider.class, Autodiscover.class.getClassLoader())
          .iterator();
      return it.hasNext() ? it.next() : null;
    }
  }
}
