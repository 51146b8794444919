package dev.autodiscover;

/**
 * Decides whether a redirect to a host outside the user's registrable domain and outside the trusted host
 * list may be followed (Outlook asks the user; the EWS Managed API calls its
 * {@code RedirectionUrlValidationCallback}).
 *
 * <p>Also decides whether credentials may follow an address redirect ({@code redirectAddr}, SOAP
 * {@code RedirectAddress}) to another registrable domain: discovery for the new address runs without
 * credentials, and when one of that domain's hosts asks for them, the proposal names the new address, the
 * URL that answered with the address redirect (as {@link RedirectProposal#from()}) and the URL that asked.
 * A run asks about each host at most once.
 *
 * <p>Called on an SDK thread; must be thread-safe, fast, and must not block on user interaction for long.
 * An exception thrown by the validator counts as a refusal. The default, {@link #REFUSE_ALL}, refuses.
 */
@FunctionalInterface
public interface RedirectValidator {
  /** Refuses every redirect that the trust list does not already allow. */
  RedirectValidator REFUSE_ALL = proposal -> false;

  /**
   * Decides one redirect.
   *
   * @param proposal the redirect, already checked against the fixed rules
   * @return {@code true} to follow it (and allow credentials there if it challenges), {@code false} to refuse
   */
  boolean approve(RedirectProposal proposal);
}
