package dev.autodiscover;

/**
 * No discovery method produced settings: every candidate was unreachable, not an Autodiscover endpoint,
 * or refused by the trust policy. The trace says what happened to each one. Retryable, since a transient
 * network fault can look the same.
 */
public final class AutodiscoverNotFoundException extends AutodiscoverException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message a summary of why nothing was found
   * @param trace the attempts of the run
   */
  AutodiscoverNotFoundException(String message, AttemptTrace trace) {
    super(message, trace, null);
  }

  /**
   * Returns {@code true}: a later run may succeed once the network or the server recovers.
   *
   * @return {@code true}
   */
  @Override
  public boolean retryable() {
    return true;
  }
}
