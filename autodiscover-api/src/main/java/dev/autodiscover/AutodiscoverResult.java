package dev.autodiscover;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A successful discovery: the mailbox's settings, which endpoint gave them, and the trace of the run.
 * Immutable.
 */
public final class AutodiscoverResult {
  private final EmailAddress requestedAddress;
  private final EmailAddress finalAddress;
  private final MailboxSettings settings;
  private final URI endpoint;
  private final DiscoveryMethod method;
  private final AttemptTrace trace;
  private final Duration elapsed;
  private final AutodiscoverProtocol protocol;
  private final UserSettings userSettings;
  private final boolean ewsUrlOutsideTrustedDomains;

  /**
   * Creates a result.
   *
   * @param requestedAddress the address discovery started with
   * @param finalAddress the address the answer is for, after any {@code redirectAddr}
   * @param settings the settings
   * @param endpoint the Autodiscover URL that answered
   * @param method the method whose candidate answered
   * @param trace the attempts of the run
   * @param elapsed how long the run took
   */
  AutodiscoverResult(
      EmailAddress requestedAddress,
      EmailAddress finalAddress,
      MailboxSettings settings,
      URI endpoint,
      DiscoveryMethod method,
      AttemptTrace trace,
      Duration elapsed) {
    this(requestedAddress, finalAddress, settings, endpoint, method, trace, elapsed, AutodiscoverProtocol.POX);
  }

  /**
   * Creates a result, saying which wire protocol the endpoint answered with.
   *
   * @param requestedAddress the address discovery started with
   * @param finalAddress the address the answer is for, after any {@code redirectAddr}
   * @param settings the settings (for a v2 JSON answer, only the EWS URL as an {@code EXPR} block)
   * @param endpoint the Autodiscover URL that answered
   * @param method the method whose candidate answered
   * @param trace the attempts of the run
   * @param elapsed how long the run took
   * @param protocol the protocol of the answer
   */
  AutodiscoverResult(
      EmailAddress requestedAddress,
      EmailAddress finalAddress,
      MailboxSettings settings,
      URI endpoint,
      DiscoveryMethod method,
      AttemptTrace trace,
      Duration elapsed,
      AutodiscoverProtocol protocol) {
    this(requestedAddress, finalAddress, settings, endpoint, method, trace, elapsed, protocol,
        SettingsViews.userSettings(Objects.requireNonNull(settings, "settings")));
  }

  /**
   * Creates a result with the settings in both shapes: the POX profile and the SOAP named settings.
   *
   * @param requestedAddress the address discovery started with
   * @param finalAddress the address the answer is for, after any redirect
   * @param settings the settings as a POX profile (for a SOAP answer, the profile built from its settings)
   * @param endpoint the Autodiscover URL that answered
   * @param method the method whose candidate answered
   * @param trace the attempts of the run
   * @param elapsed how long the run took
   * @param protocol the protocol of the answer
   * @param userSettings the settings as named user settings (for a POX answer, those the profile holds)
   */
  AutodiscoverResult(
      EmailAddress requestedAddress,
      EmailAddress finalAddress,
      MailboxSettings settings,
      URI endpoint,
      DiscoveryMethod method,
      AttemptTrace trace,
      Duration elapsed,
      AutodiscoverProtocol protocol,
      UserSettings userSettings) {
    this(requestedAddress, finalAddress, settings, endpoint, method, trace, elapsed, protocol, userSettings, false);
  }

  private AutodiscoverResult(
      EmailAddress requestedAddress,
      EmailAddress finalAddress,
      MailboxSettings settings,
      URI endpoint,
      DiscoveryMethod method,
      AttemptTrace trace,
      Duration elapsed,
      AutodiscoverProtocol protocol,
      UserSettings userSettings,
      boolean ewsUrlOutsideTrustedDomains) {
    this.ewsUrlOutsideTrustedDomains = ewsUrlOutsideTrustedDomains;
    this.userSettings = Objects.requireNonNull(userSettings, "userSettings");
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.requestedAddress = Objects.requireNonNull(requestedAddress, "requestedAddress");
    this.finalAddress = Objects.requireNonNull(finalAddress, "finalAddress");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.method = Objects.requireNonNull(method, "method");
    this.trace = Objects.requireNonNull(trace, "trace");
    this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
  }

  /** A copy that says an EWS URL lies outside the domains the run trusted. */
  AutodiscoverResult withEwsUrlOutsideTrustedDomains() {
    return new AutodiscoverResult(requestedAddress, finalAddress, settings, endpoint, method, trace, elapsed, protocol,
        userSettings, true);
  }

  /**
   * Returns the wire protocol of the answer: POX, SOAP, or Autodiscover v2 JSON (which carries only the EWS
   * URL).
   *
   * @return the protocol
   */
  public AutodiscoverProtocol protocol() {
    return protocol;
  }

  /**
   * Returns the address discovery started with (normalised).
   *
   * @return the address
   */
  public EmailAddress requestedAddress() {
    return requestedAddress;
  }

  /**
   * Returns the address the settings are for: differs from {@link #requestedAddress()} after a
   * {@code redirectAddr} (for example a hybrid mailbox moved to Exchange Online).
   *
   * @return the address
   */
  public EmailAddress finalAddress() {
    return finalAddress;
  }

  /**
   * Returns the typed settings.
   *
   * @return the settings
   */
  public MailboxSettings settings() {
    return settings;
  }

  /**
   * Returns the settings as SOAP-style named settings. For a SOAP answer these are the server's own, with
   * its per-setting errors; for a POX answer, those of the profile that have a SOAP name (display name, user
   * DN, deployment id, SMTP address, EWS URLs, alternative mailboxes); for a v2 answer, the external EWS URL.
   *
   * @return the user settings, never null
   */
  public UserSettings userSettings() {
    return userSettings;
  }

  /**
   * Returns the EWS URL: the external one when the answer has one, otherwise the internal one; the value
   * says which. Both stay available on {@link #settings()}.
   *
   * <p>Only an absolute {@code https} URL with a host and without user info is returned; the server's text
   * of a refused one stays in the settings' element maps, and the attempt's detail in the trace says why it
   * was refused. The URL is not checked against the domains the run trusted: before sending credentials to
   * it, check {@link #ewsUrlOutsideTrustedDomains()}.
   *
   * @return the EWS URL, or empty when the answer advertises none (or none that is usable)
   */
  public Optional<EwsUrl> ewsUrl() {
    return settings.ewsUrl();
  }

  /**
   * Returns whether an EWS URL of this result ({@link #ewsUrl()}, the external or internal one of
   * {@link #settings()} or of {@link #userSettings()}) has a host outside the domains this run trusted with
   * the user's credentials: the registrable domain of the user's address (and of an address a
   * {@code redirectAddr} led to), the client's trusted redirect hosts, and hosts the redirect validator
   * approved in the run. The server chose the URL; when this is true, do not send the user's credentials
   * to it without your own check (for example asking the user, or a list of your organisation's hosts).
   *
   * @return true when an EWS URL lies outside the trusted domains; false when every EWS URL lies inside them
   *     or there is none
   */
  public boolean ewsUrlOutsideTrustedDomains() {
    return ewsUrlOutsideTrustedDomains;
  }

  /**
   * Returns the URL an Autodiscover v2 answer named (protocol.md §5.2): the URL of the request's
   * {@link AutodiscoverRequest#v2Protocol(V2Protocol)}, EWS by default.
   *
   * @return the URL, or empty when the answer was not a v2 one
   */
  public Optional<URI> v2Url() {
    if (protocol != AutodiscoverProtocol.JSON_V2) {
      return Optional.empty();
    }
    for (ProtocolSettings p : settings.protocols()) {
      // An EWS answer is an EXPR block with EwsUrl; other protocols a block of their name with Url.
      Optional<URI> url = p.ewsUrl().or(() -> Optional.ofNullable(p.elements().get("Url")).map(URI::create));
      if (url.isPresent()) {
        return url;
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the Autodiscover URL that answered.
   *
   * @return the endpoint
   */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * Returns the method whose candidate answered.
   *
   * @return the method
   */
  public DiscoveryMethod method() {
    return method;
  }

  /**
   * Returns every attempt of the run.
   *
   * @return the trace
   */
  public AttemptTrace trace() {
    return trace;
  }

  /**
   * Returns how long the run took.
   *
   * @return the elapsed time
   */
  public Duration elapsed() {
    return elapsed;
  }

  /**
   * Returns a summary for logs.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return PrintableText.escape("AutodiscoverResult[" + requestedAddress
        + (finalAddress.equals(requestedAddress) ? "" : " -> " + finalAddress)
        + ", endpoint=" + endpoint + ", method=" + method + ", protocol=" + protocol
        + ", ewsUrl=" + ewsUrl().map(EwsUrl::uri).orElse(null)
        + (ewsUrlOutsideTrustedDomains ? " (outside the trusted domains)" : "")
        + "]");
  }
}
