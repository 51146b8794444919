package dev.autodiscover;

import java.util.Map;
import java.util.Optional;

/**
 * A POX {@code AlternativeMailbox}: another mailbox to open with the user's own (a delegate mailbox, the
 * online archive, or a team mailbox).
 *
 * <p>Backed by every child element, so elements without a typed accessor stay reachable. Immutable.
 */
public final class AlternativeMailbox {
  private final ElementMap elements;

  /**
   * Creates the view.
   *
   * @param elements child element local names mapped to their text, in document order
   */
  AlternativeMailbox(Map<String, String> elements) {
    this.elements = new ElementMap(elements);
  }

  /**
   * Returns the kind of mailbox: {@code Delegate}, {@code Archive} or {@code TeamMailbox}.
   *
   * @return {@code Type}, or empty
   */
  public Optional<String> type() {
    return elements.text("Type");
  }

  /**
   * Returns the display name.
   *
   * @return {@code DisplayName}, or empty
   */
  public Optional<String> displayName() {
    return elements.text("DisplayName");
  }

  /**
   * Returns the legacy DN of the other mailbox.
   *
   * @return {@code LegacyDN}, or empty
   */
  public Optional<String> legacyDn() {
    return elements.text("LegacyDN");
  }

  /**
   * Returns the server to connect to for the other mailbox.
   *
   * @return {@code Server}, or empty
   */
  public Optional<String> server() {
    return elements.text("Server");
  }

  /**
   * Returns the SMTP address of the other mailbox.
   *
   * @return {@code SmtpAddress}, or empty
   */
  public Optional<String> smtpAddress() {
    return elements.text("SmtpAddress");
  }

  /**
   * Returns every child element by local name.
   *
   * @return an unmodifiable map in document order
   */
  public Map<String, String> elements() {
    return elements.all();
  }

  /**
   * Returns the elements for logs.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return PrintableText.escape("AlternativeMailbox" + elements);
  }
}
