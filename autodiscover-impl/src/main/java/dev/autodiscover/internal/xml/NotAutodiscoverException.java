package dev.autodiscover.internal.xml;

/**
 * The body is not a usable Autodiscover document (POX or SOAP). {@link #getMessage()} says why in one short phrase, for
 * example {@code content type text/html is not XML} or {@code DOCTYPE is not allowed}; it never quotes
 * more than a short excerpt of what the server sent.
 */
public final class NotAutodiscoverException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param reason one short phrase
   */
  public NotAutodiscoverException(String reason) {
    super(reason);
  }

  /**
   * Creates the exception with the parser failure that caused it.
   *
   * @param reason one short phrase
   * @param cause the underlying failure
   */
  public NotAutodiscoverException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
