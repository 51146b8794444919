package dev.autodiscover;

import java.util.List;

/**
 * Thrown before any network traffic when an address cannot be used for discovery. There are two kinds of
 * check, made in two places:
 *
 * <ul>
 *   <li><b>Syntax</b>, by {@link EmailAddress#parse(String)} and so by everything that parses an address
 *       given as text, such as {@link Autodiscover#forEmail(String)}: exactly one {@code @}, no URI scheme
 *       such as {@code mailto:} in front, a dot-atom local part, a valid (possibly internationalised) host
 *       name of at least two labels, no white space or control characters, and the RFC 5321 length limits.
 *       This needs nothing but the text, so it is thrown by the call that parses it.
 *   <li><b>Whether discovery may run for the domain</b>, by the implementation, which holds the Public
 *       Suffix List, when a client takes the address ({@link AutodiscoverClient#forEmail(String)} and so
 *       {@link Autodiscover#forEmail(String)}): a domain that is itself a public suffix (such as {@code co.uk})
 *       is refused (protocol.md §10.3), and so is a domain outside the list that the client was not told
 *       about with {@link AutodiscoverClient.Builder#privateDomains(String...)}. A batch reports it for that
 *       address alone, as a failed item.
 * </ul>
 *
 * <p>The message quotes the input (control and invisible characters shown as {@code \}{@code uXXXX}), says
 * what is wrong and what to fix. The trace is always empty.
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
