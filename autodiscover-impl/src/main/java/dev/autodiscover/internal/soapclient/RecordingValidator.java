package dev.autodiscover.internal.soapclient;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import dev.autodiscover.RedirectProposal;
import dev.autodiscover.RedirectValidator;

/**
 * Wraps the caller's {@link RedirectValidator} and remembers the target hosts it approved, so the SOAP
 * requests that follow a discovery run may send credentials where that run could (protocol.md §7.5), without
 * asking the caller again. Thread-safe, as discovery may call it from several threads.
 */
public final class RecordingValidator implements RedirectValidator {
  private final RedirectValidator delegate;
  private final Set<String> approved = ConcurrentHashMap.newKeySet();

  /**
   * Creates the wrapper.
   *
   * @param delegate the caller's validator
   */
  public RecordingValidator(RedirectValidator delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * Asks the caller's validator and records an approved target's host (lower case).
   *
   * @param proposal the redirect
   * @return the caller's answer; an exception from the caller's validator propagates (the trust policy
   *     counts it as a refusal)
   */
  @Override
  public boolean approve(RedirectProposal proposal) {
    boolean ok = delegate.approve(proposal);
    String host = proposal.target().getHost();
    if (ok && host != null) {
      approved.add(host.toLowerCase(Locale.ROOT));
    }
    return ok;
  }

  /**
   * Returns the hosts approved so far.
   *
   * @return a snapshot
   */
  public Set<String> approvedHosts() {
    return Set.copyOf(approved);
  }
}
