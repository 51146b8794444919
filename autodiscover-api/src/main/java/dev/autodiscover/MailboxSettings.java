package dev.autodiscover;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a POX 2006a {@code Action=settings} answer: the user, the account, every protocol block,
 * alternative mailboxes and public folder information.
 *
 * <p>Nothing from the answer is dropped: typed accessors cover the common elements, {@code elements()} maps
 * on each part reach the rest, and {@link #responseXml()} keeps the document as received. The EWS URL
 * accessors return only absolute {@code https} URLs with a host and without user info (see
 * {@link ProtocolSettings}); the server's text of a refused URL stays in {@link ProtocolSettings#elements()}.
 * Immutable.
 */
public final class MailboxSettings {
  private final MailboxUser user;
  private final ElementMap account;
  private final List<ProtocolSettings> protocols;
  private final List<AlternativeMailbox> alternativeMailboxes;
  private final @Nullable String publicFolderSmtpAddress;
  private final String responseXml;

  /**
   * Creates the settings.
   *
   * @param user the {@code User} block
   * @param account the simple child elements of {@code Account} (such as {@code AccountType},
   *     {@code Action}, {@code MicrosoftOnline}) by local name
   * @param protocols the {@code Protocol} blocks in document order
   * @param alternativeMailboxes the {@code AlternativeMailbox} blocks in document order
   * @param publicFolderSmtpAddress {@code PublicFolderInformation/SmtpAddress}, or null
   * @param responseXml the response document as received
   */
  MailboxSettings(
      MailboxUser user,
      Map<String, String> account,
      List<ProtocolSettings> protocols,
      List<AlternativeMailbox> alternativeMailboxes,
      @Nullable String publicFolderSmtpAddress,
      String responseXml) {
    this.user = Objects.requireNonNull(user, "user");
    this.account = new ElementMap(account);
    this.protocols = List.copyOf(protocols);
    this.alternativeMailboxes = List.copyOf(alternativeMailboxes);
    this.publicFolderSmtpAddress = publicFolderSmtpAddress;
    this.responseXml = Objects.requireNonNull(responseXml, "responseXml");
  }

  /**
   * Returns the {@code User} block.
   *
   * @return the user, never null (its elements may be empty)
   */
  public MailboxUser user() {
    return user;
  }

  /**
   * Returns the account type, always {@code email} for Exchange.
   *
   * @return {@code Account/AccountType}, or empty
   */
  public Optional<String> accountType() {
    return account.text("AccountType");
  }

  /**
   * Returns the action, {@code settings} for a settings answer.
   *
   * @return {@code Account/Action}, or empty
   */
  public Optional<String> action() {
    return account.text("Action");
  }

  /**
   * Returns whether the mailbox is in Exchange Online.
   *
   * @return {@code Account/MicrosoftOnline} as a flag, or empty
   */
  public Optional<Boolean> microsoftOnline() {
    return account.flag("MicrosoftOnline");
  }

  /**
   * Returns every simple child element of {@code Account} by local name.
   *
   * @return an unmodifiable map in document order
   */
  public Map<String, String> accountElements() {
    return account.all();
  }

  /**
   * Returns every {@code Protocol} block in document order.
   *
   * @return an unmodifiable list
   */
  public List<ProtocolSettings> protocols() {
    return protocols;
  }

  /**
   * Returns the first protocol block of a type, compared ignoring case.
   *
   * @param type for example {@code EXPR}, {@code EXCH}, {@code WEB} or {@code mapiHttp}
   * @return the block, or empty
   */
  public Optional<ProtocolSettings> protocol(String type) {
    Objects.requireNonNull(type, "type");
    return protocols.stream().filter(p -> p.type().equalsIgnoreCase(type)).findFirst();
  }

  /**
   * Returns the alternative mailboxes (delegate, archive, team mailboxes) in document order.
   *
   * @return an unmodifiable list
   */
  public List<AlternativeMailbox> alternativeMailboxes() {
    return alternativeMailboxes;
  }

  /**
   * Returns the SMTP address of the public folder hierarchy mailbox.
   *
   * @return {@code PublicFolderInformation/SmtpAddress}, or empty
   */
  public Optional<String> publicFolderSmtpAddress() {
    return Optional.ofNullable(publicFolderSmtpAddress);
  }

  /**
   * Returns the EWS URL for external clients ({@code EXPR} block).
   *
   * @return the URL, or empty
   */
  public Optional<EwsUrl> externalEwsUrl() {
    return ewsUrlOf("EXPR", NetworkLocation.EXTERNAL);
  }

  /**
   * Returns the EWS URL for internal clients ({@code EXCH} block).
   *
   * @return the URL, or empty
   */
  public Optional<EwsUrl> internalEwsUrl() {
    return ewsUrlOf("EXCH", NetworkLocation.INTERNAL);
  }

  /**
   * Returns the external EWS URL when the answer has one, otherwise the internal one; the returned value
   * says which.
   *
   * @return the preferred EWS URL, or empty when the answer advertises none
   */
  public Optional<EwsUrl> ewsUrl() {
    Optional<EwsUrl> external = externalEwsUrl();
    return external.isPresent() ? external : internalEwsUrl();
  }

  private Optional<EwsUrl> ewsUrlOf(String type, NetworkLocation location) {
    for (ProtocolSettings p : protocols) {
      if (p.type().toUpperCase(Locale.ROOT).equals(type)) {
        Optional<URI> uri = p.ewsUrl();
        if (uri.isPresent()) {
          return Optional.of(new EwsUrl(uri.get(), location, p.type()));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the response document exactly as received (after decoding to text).
   *
   * @return the XML
   */
  public String responseXml() {
    return responseXml;
  }

  /**
   * Returns a summary for logs.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return PrintableText.escape("MailboxSettings[user=" + user + ", protocols=" + protocols + ", alternativeMailboxes="
        + alternativeMailboxes + "]");
  }
}
