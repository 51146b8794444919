package dev.autodiscover.internal.env;

import java.net.URI;
import java.util.Objects;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import org.jspecify.annotations.Nullable;

/**
 * An address redirect ({@code redirectAddr}, SOAP {@code RedirectAddress}): a server said that the mailbox of
 * {@code from} is discovered as {@code to}. Immutable.
 *
 * @param from the address redirected (non-null)
 * @param to the address discovery goes on with (non-null)
 * @param fromUrl the URL (or local file) that answered with the redirect, or null when unknown
 * @param method the method that produced the redirect (non-null)
 */
public record AddressChange(EmailAddress from, EmailAddress to, @Nullable URI fromUrl, DiscoveryMethod method) {
  /** Checks the non-null components. */
  public AddressChange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(method, "method");
  }
}
