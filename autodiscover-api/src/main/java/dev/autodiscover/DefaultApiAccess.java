package dev.autodiscover;

import dev.autodiscover.access.ApiAccess;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The only {@link ApiAccess}: calls the package-private constructors. Installs itself when initialised, which
 * {@link ApiAccess#get()} forces.
 */
final class DefaultApiAccess extends ApiAccess {
  static {
    ApiAccess.install(new DefaultApiAccess());
  }

  private DefaultApiAccess() {}

  @Override
  public AutodiscoverResult result(EmailAddress requestedAddress, EmailAddress finalAddress,
      MailboxSettings settings, URI endpoint, DiscoveryMethod method, AttemptTrace trace, Duration elapsed) {
    return new AutodiscoverResult(requestedAddress, finalAddress, settings, endpoint, method, trace, elapsed);
  }

  @Override
  public AutodiscoverResult result(EmailAddress requestedAddress, EmailAddress finalAddress,
      MailboxSettings settings, URI endpoint, DiscoveryMethod method, AttemptTrace trace, Duration elapsed,
      AutodiscoverProtocol protocol) {
    return new AutodiscoverResult(requestedAddress, finalAddress, settings, endpoint, method, trace, elapsed,
        protocol);
  }

  @Override
  public AutodiscoverResult result(EmailAddress requestedAddress, EmailAddress finalAddress,
      MailboxSettings settings, URI endpoint, DiscoveryMethod method, AttemptTrace trace, Duration elapsed,
      AutodiscoverProtocol protocol, UserSettings userSettings) {
    return new AutodiscoverResult(requestedAddress, finalAddress, settings, endpoint, method, trace, elapsed,
        protocol, userSettings);
  }

  @Override
  public AutodiscoverException failure(String message, AttemptTrace trace, @Nullable Throwable cause) {
    return new AutodiscoverException(message, trace, cause);
  }

  @Override
  public AutodiscoverNotFoundException notFound(String message, AttemptTrace trace) {
    return new AutodiscoverNotFoundException(message, trace);
  }

  @Override
  public AutodiscoverAuthenticationException authentication(String message, AttemptTrace trace,
      List<String> schemesOffered, boolean credentialsRejected) {
    return new AutodiscoverAuthenticationException(message, trace, schemesOffered, credentialsRejected);
  }

  @Override
  public AutodiscoverAuthenticationException authentication(String message, AttemptTrace trace,
      List<String> schemesOffered, boolean credentialsRejected, @Nullable URI authorizationUri) {
    return new AutodiscoverAuthenticationException(message, trace, schemesOffered, credentialsRejected,
        authorizationUri);
  }

  @Override
  public AutodiscoverErrorResponseException errorResponse(String message, AttemptTrace trace, int errorCode,
      @Nullable String serverMessage, @Nullable String debugData, @Nullable String serverTime,
      @Nullable String serverId, URI endpoint) {
    return new AutodiscoverErrorResponseException(message, trace, errorCode, serverMessage, debugData, serverTime,
        serverId, endpoint);
  }

  @Override
  public AutodiscoverErrorResponseException errorResponse(String message, AttemptTrace trace, int errorCode,
      @Nullable String serverMessage, @Nullable String debugData, @Nullable String serverTime,
      @Nullable String serverId, URI endpoint, @Nullable String soapErrorCode) {
    return new AutodiscoverErrorResponseException(message, trace, errorCode, serverMessage, debugData, serverTime,
        serverId, endpoint, soapErrorCode);
  }

  @Override
  public AutodiscoverRedirectException redirect(String message, AttemptTrace trace,
      AutodiscoverRedirectException.Reason reason, List<String> chain) {
    return new AutodiscoverRedirectException(message, trace, reason, chain);
  }

  @Override
  public AutodiscoverTimeoutException timeout(String message, AttemptTrace trace, Duration deadline) {
    return new AutodiscoverTimeoutException(message, trace, deadline);
  }

  @Override
  public DomainSettingsResult domainSettingsResult(String domain, DomainSettings settings, URI endpoint,
      AttemptTrace trace, Duration elapsed) {
    return new DomainSettingsResult(domain, settings, endpoint, trace, elapsed);
  }

  @Override
  public MailboxSettings mailboxSettings(MailboxUser user, Map<String, String> account,
      List<ProtocolSettings> protocols, List<AlternativeMailbox> alternativeMailboxes,
      @Nullable String publicFolderSmtpAddress, String responseXml) {
    return new MailboxSettings(user, account, protocols, alternativeMailboxes, publicFolderSmtpAddress,
        responseXml);
  }

  @Override
  public MailboxUser mailboxUser(Map<String, String> elements) {
    return new MailboxUser(elements);
  }

  @Override
  public AlternativeMailbox alternativeMailbox(Map<String, String> elements) {
    return new AlternativeMailbox(elements);
  }

  @Override
  public ProtocolSettings protocolSettings(String type, Map<String, String> elements) {
    return new ProtocolSettings(type, elements);
  }

  @Override
  public BatchItem batchSucceeded(String input, EmailAddress address, UserSettings userSettings,
      @Nullable EwsUrl ewsUrl, URI endpoint, AttemptTrace trace) {
    return BatchItem.succeeded(input, address, userSettings, ewsUrl, endpoint, trace);
  }

  @Override
  public BatchItem batchFailed(String input, @Nullable EmailAddress address, AutodiscoverException failure,
      AttemptTrace trace) {
    return BatchItem.failed(input, address, failure, trace);
  }

  @Override
  public EmailAddress sharingDomain(EmailAddress address, String domain) {
    return address.withDomainString(domain);
  }

  @Override
  public AutodiscoverResult ewsUrlOutsideTrustedDomains(AutodiscoverResult result) {
    return result.withEwsUrlOutsideTrustedDomains();
  }

  @Override
  public java.util.Optional<String> settingsUrlProblem(String value) {
    return ElementMap.urlProblem(java.util.Objects.requireNonNull(value, "value"));
  }
}
