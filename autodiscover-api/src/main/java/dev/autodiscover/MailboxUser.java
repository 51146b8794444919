package dev.autodiscover;

import java.util.Map;
import java.util.Optional;

/**
 * The POX {@code User} block: who the server resolved the request to.
 *
 * <p>Backed by every child element of {@code User}, so elements without a typed accessor stay reachable
 * through {@link #elements()}. Immutable.
 */
public final class MailboxUser {
  private final ElementMap elements;

  /**
   * Creates the view.
   *
   * @param elements child element local names mapped to their text, in document order
   */
  MailboxUser(Map<String, String> elements) {
    this.elements = new ElementMap(elements);
  }

  /**
   * Returns the user's display name.
   *
   * @return {@code DisplayName}, or empty
   */
  public Optional<String> displayName() {
    return elements.text("DisplayName");
  }

  /**
   * Returns the mailbox's legacy X.500 distinguished name.
   *
   * @return {@code LegacyDN}, or empty
   */
  public Optional<String> legacyDn() {
    return elements.text("LegacyDN");
  }

  /**
   * Returns the GUID identifying the Exchange organisation.
   *
   * @return {@code DeploymentId}, or empty
   */
  public Optional<String> deploymentId() {
    return elements.text("DeploymentId");
  }

  /**
   * Returns the primary SMTP address the server resolved the request to, which may differ from the address
   * sent.
   *
   * @return {@code AutoDiscoverSMTPAddress}, or empty
   */
  public Optional<String> autoDiscoverSmtpAddress() {
    return elements.text("AutoDiscoverSMTPAddress");
  }

  /**
   * Returns every child element of {@code User} by local name, including ones without a typed accessor.
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
    return PrintableText.escape("MailboxUser" + elements);
  }
}
