package dev.autodiscover;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A redirect the SDK is about to follow to a host it does not trust yet, handed to a
 * {@link RedirectValidator} for a decision.
 *
 * <p>By the time a proposal is made the target has already passed the fixed checks: it is {@code https},
 * its path ends in {@code /autodiscover/autodiscover.xml}, and its host is neither a public suffix nor
 * {@code autodiscover.<public suffix>}. Immutable.
 */
public final class RedirectProposal {
  private final EmailAddress address;
  private final DiscoveryMethod method;
  private final @Nullable URI from;
  private final URI target;

  /**
   * Creates a proposal.
   *
   * @param address the address being discovered
   * @param method the method whose candidate produced the redirect
   * @param from the URL that answered with the redirect, or null when there is none
   * @param target the URL the SDK would POST to next
   */
  public RedirectProposal(EmailAddress address, DiscoveryMethod method, @Nullable URI from, URI target) {
    this.address = Objects.requireNonNull(address, "address");
    this.method = Objects.requireNonNull(method, "method");
    this.from = from;
    this.target = Objects.requireNonNull(target, "target");
  }

  /**
   * Returns the address being discovered.
   *
   * @return the address
   */
  public EmailAddress address() {
    return address;
  }

  /**
   * Returns the method whose candidate produced the redirect.
   *
   * @return the method
   */
  public DiscoveryMethod method() {
    return method;
  }

  /**
   * Returns the URL that answered with the redirect.
   *
   * @return the source URL, or empty
   */
  public Optional<URI> from() {
    return Optional.ofNullable(from);
  }

  /**
   * Returns the URL the SDK would contact next, possibly with credentials.
   *
   * @return the target URL
   */
  public URI target() {
    return target;
  }

  /**
   * Returns a description for logs.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return "RedirectProposal[" + address + ", " + method + ", " + from + " -> " + target + "]";
  }
}
