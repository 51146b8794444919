package dev.autodiscover;

import java.util.List;

/**
 * Thrown before any network traffic when the address given to {@link Autodiscover#forEmail(String)} cannot
 * be used: it is malformed, or its domain is one for which discovery is refused (a public suffix such as
 * {@code co.uk}).
 *
 * <p>The message names the problem and what to fix. The trace is always empty.
 */
public final class InvalidEmailAddressException extends AutodiscoverException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the address and what to fix
   */
  public InvalidEmailAddressException(String message) {
    super(message, AttemptTrace.of(List.of()), null);
  }
}
