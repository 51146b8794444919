package dev.autodiscover;

import java.util.List;

/**
 * Every Autodiscover server that was reached wanted credentials: either it rejected the ones given, or the
 * request had none it was allowed to use there (for example Exchange Online asking for a bearer token).
 */
public final class AutodiscoverAuthenticationException extends AutodiscoverException {
  private static final long serialVersionUID = 1L;

  /** Serialized form: see {@link #schemesOffered()}. */
  private final List<String> schemesOffered;
  /** Serialized form: see {@link #credentialsRejected()}. */
  private final boolean credentialsRejected;

  /**
   * Creates the exception.
   *
   * @param message what to supply or fix
   * @param trace the attempts of the run
   * @param schemesOffered the authentication schemes the servers offered, without duplicates
   * @param credentialsRejected whether credentials were presented and rejected (as opposed to missing)
   */
  public AutodiscoverAuthenticationException(
      String message, AttemptTrace trace, List<String> schemesOffered, boolean credentialsRejected) {
    super(message, trace, null);
    this.schemesOffered = List.copyOf(schemesOffered);
    this.credentialsRejected = credentialsRejected;
  }

  /**
   * Returns the authentication schemes the servers offered ({@code Bearer}, {@code Negotiate},
   * {@code NTLM}, {@code Basic}, ...).
   *
   * @return an unmodifiable list
   */
  public List<String> schemesOffered() {
    return schemesOffered;
  }

  /**
   * Returns whether credentials were presented and rejected, rather than missing.
   *
   * @return {@code true} if a server rejected the credentials
   */
  public boolean credentialsRejected() {
    return credentialsRejected;
  }
}
