package dev.autodiscover.access;

import dev.autodiscover.AlternativeMailbox;
import dev.autodiscover.AttemptTrace;
import dev.autodiscover.EwsUrl;
import dev.autodiscover.BatchItem;
import dev.autodiscover.AutodiscoverAuthenticationException;
import dev.autodiscover.AutodiscoverErrorResponseException;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.AutodiscoverRedirectException;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.AutodiscoverTimeoutException;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.DomainSettings;
import dev.autodiscover.DomainSettingsResult;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.MailboxSettings;
import dev.autodiscover.MailboxUser;
import dev.autodiscover.ProtocolSettings;
import dev.autodiscover.UserSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Creates the API's results and exceptions, whose constructors are package-private so that applications
 * cannot make them (the shared-secrets pattern of the JDK and OkHttp). Not for applications: this package is
 * exported only to {@code dev.autodiscover.impl}, and its methods may change in any release.
 *
 * <p>There is exactly one instance, defined in the {@code dev.autodiscover} package and installed when that
 * class is initialised; {@link #get()} forces the initialisation. Each method calls the constructor of the
 * same shape and has its contract: it validates its arguments (a null where none is allowed throws
 * {@link NullPointerException}) and copies collections. The instance is stateless and thread-safe.
 */
public abstract class ApiAccess {
  /** The class in the API package that extends this one and installs its instance when initialised. */
  private static final String IMPLEMENTATION = "dev.autodiscover.DefaultApiAccess";

  private static volatile @Nullable ApiAccess instance;

  /**
   * Creates the bridge. Only the API package's implementation calls this; another subclass cannot be
   * {@linkplain #install(ApiAccess) installed}. Not for applications.
   */
  protected ApiAccess() {}

  /**
   * Returns the bridge, initialising the API class that provides it on first use. Not for applications;
   * exported only to {@code dev.autodiscover.impl}.
   *
   * @return the bridge, never null
   * @throws IllegalStateException if the API module is incomplete (its implementation class is missing)
   */
  public static ApiAccess get() {
    ApiAccess access = instance;
    if (access == null) {
      try {
        Class.forName(IMPLEMENTATION, true, ApiAccess.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("The autodiscover-api artifact is incomplete: " + IMPLEMENTATION
            + " is missing", e);
      }
      access = instance;
      if (access == null) {
        throw new IllegalStateException(IMPLEMENTATION + " did not install itself");
      }
    }
    return access;
  }

  /**
   * Installs the bridge; called once by the API package's implementation while it is initialised. Not for
   * applications; exported only to {@code dev.autodiscover.impl}.
   *
   * @param access the API package's implementation
   * @throws IllegalStateException if a bridge is already installed
   * @throws IllegalArgumentException if {@code access} is not the API package's implementation
   */
  public static synchronized void install(ApiAccess access) {
    Class<?> type = Objects.requireNonNull(access, "access").getClass();
    if (!type.getName().equals(IMPLEMENTATION) || type.getClassLoader() != ApiAccess.class.getClassLoader()) {
      throw new IllegalArgumentException("Only " + IMPLEMENTATION + " may be installed, not " + type.getName());
    }
    if (instance != null) {
      throw new IllegalStateException("ApiAccess is already installed");
    }
    instance = access;
  }

  /**
   * Creates a result whose answer was a POX one. Not for applications.
   *
   * @param requestedAddress the address discovery started with
   * @param finalAddress the address the answer is for, after any {@code redirectAddr}
   * @param settings the settings
   * @param endpoint the Autodiscover URL that answered
   * @param method the method whose candidate answered
   * @param trace the attempts of the run
   * @param elapsed how long the run took
   * @return the result
   */
  public abstract AutodiscoverResult result(EmailAddress requestedAddress, EmailAddress finalAddress,
      MailboxSettings settings, URI endpoint, DiscoveryMethod method, AttemptTrace trace, Duration elapsed);

  /**
   * Creates a result, saying which wire protocol the endpoint answered with; the user settings are those
   * the POX profile holds. Not for applications.
   *
   * @param requestedAddress the address discovery started with
   * @param finalAddress the address the answer is for, after any {@code redirectAddr}
   * @param settings the settings (for a v2 JSON answer, only the URL it named)
   * @param endpoint the Autodiscover URL that answered
   * @param method the method whose candidate answered
   * @param trace the attempts of the run
   * @param elapsed how long the run took
   * @param protocol the protocol of the answer
   * @return the result
   */
  public abstract AutodiscoverResult result(EmailAddress requestedAddress, EmailAddress finalAddress,
      MailboxSettings settings, URI endpoint, DiscoveryMethod method, AttemptTrace trace, Duration elapsed,
      AutodiscoverProtocol protocol);

  /**
   * Creates a result with the settings in both shapes: the POX profile and the SOAP named settings. Not for
   * applications.
   *
   * @param requestedAddress the address discovery started with
   * @param finalAddress the address the answer is for, after any redirect
   * @param settings the settings as a POX profile
   * @param endpoint the Autodiscover URL that answered
   * @param method the method whose candidate answered
   * @param trace the attempts of the run
   * @param elapsed how long the run took
   * @param protocol the protocol of the answer
   * @param userSettings the settings as named user settings
   * @return the result
   */
  public abstract AutodiscoverResult result(EmailAddress requestedAddress, EmailAddress finalAddress,
      MailboxSettings settings, URI endpoint, DiscoveryMethod method, AttemptTrace trace, Duration elapsed,
      AutodiscoverProtocol protocol, UserSettings userSettings);

  /**
   * Creates a plain {@link AutodiscoverException}, for failures no subclass describes (cancellation, an
   * unexpected error). Not for applications.
   *
   * @param message what happened and what to check
   * @param trace the attempts of the failed run
   * @param cause the underlying cause, or null
   * @return the exception, not thrown
   */
  public abstract AutodiscoverException failure(String message, AttemptTrace trace, @Nullable Throwable cause);

  /**
   * Creates an {@link AutodiscoverNotFoundException}. Not for applications.
   *
   * @param message a summary of why nothing was found
   * @param trace the attempts of the run
   * @return the exception, not thrown
   */
  public abstract AutodiscoverNotFoundException notFound(String message, AttemptTrace trace);

  /**
   * Creates an {@link AutodiscoverAuthenticationException} without an authorization URI. Not for
   * applications.
   *
   * @param message what to supply or fix
   * @param trace the attempts of the run
   * @param schemesOffered the authentication schemes the servers offered, without duplicates
   * @param credentialsRejected whether credentials were presented and rejected (as opposed to missing)
   * @return the exception, not thrown
   */
  public abstract AutodiscoverAuthenticationException authentication(String message, AttemptTrace trace,
      List<String> schemesOffered, boolean credentialsRejected);

  /**
   * Creates an {@link AutodiscoverAuthenticationException} with the {@code authorization_uri} of a Bearer
   * challenge. Not for applications.
   *
   * @param message what to supply or fix
   * @param trace the attempts of the run
   * @param schemesOffered the authentication schemes the servers offered, without duplicates
   * @param credentialsRejected whether credentials were presented and rejected (as opposed to missing)
   * @param authorizationUri where a token for the server can be obtained, or null
   * @return the exception, not thrown
   */
  public abstract AutodiscoverAuthenticationException authentication(String message, AttemptTrace trace,
      List<String> schemesOffered, boolean credentialsRejected, @Nullable URI authorizationUri);

  /**
   * Creates an {@link AutodiscoverErrorResponseException} for a POX {@code Error} answer. Not for
   * applications.
   *
   * @param message a summary for people
   * @param trace the attempts of the run
   * @param errorCode the Autodiscover {@code ErrorCode}
   * @param serverMessage the {@code Message} element, or null
   * @param debugData the {@code DebugData} element, or null
   * @param serverTime the {@code Time} attribute, or null
   * @param serverId the {@code Id} attribute, or null
   * @param endpoint the URL that answered
   * @return the exception, not thrown
   */
  public abstract AutodiscoverErrorResponseException errorResponse(String message, AttemptTrace trace,
      int errorCode, @Nullable String serverMessage, @Nullable String debugData, @Nullable String serverTime,
      @Nullable String serverId, URI endpoint);

  /**
   * Creates an {@link AutodiscoverErrorResponseException} for an answer that may be a SOAP one. Not for
   * applications.
   *
   * @param message a summary for people
   * @param trace the attempts of the run
   * @param errorCode the POX {@code ErrorCode}, or for a SOAP answer the nearest POX code
   * @param serverMessage the {@code Message} ({@code ErrorMessage}) element, or null
   * @param debugData the {@code DebugData} element, or null
   * @param serverTime the {@code Time} attribute, or null
   * @param serverId the {@code Id} attribute, or null
   * @param endpoint the URL that answered
   * @param soapErrorCode the SOAP {@code ErrorCode} name, or null for a POX answer
   * @return the exception, not thrown
   */
  public abstract AutodiscoverErrorResponseException errorResponse(String message, AttemptTrace trace,
      int errorCode, @Nullable String serverMessage, @Nullable String debugData, @Nullable String serverTime,
      @Nullable String serverId, URI endpoint, @Nullable String soapErrorCode);

  /**
   * Creates an {@link AutodiscoverRedirectException}. Not for applications.
   *
   * @param message a summary naming the hops
   * @param trace the attempts of the run
   * @param reason limit or loop
   * @param chain the addresses and URLs followed, in order
   * @return the exception, not thrown
   */
  public abstract AutodiscoverRedirectException redirect(String message, AttemptTrace trace,
      AutodiscoverRedirectException.Reason reason, List<String> chain);

  /**
   * Creates an {@link AutodiscoverTimeoutException}. Not for applications.
   *
   * @param message a summary
   * @param trace the attempts of the run
   * @param deadline the deadline that passed
   * @return the exception, not thrown
   */
  public abstract AutodiscoverTimeoutException timeout(String message, AttemptTrace trace, Duration deadline);

  /**
   * Creates a {@link DomainSettingsResult}. Not for applications.
   *
   * @param domain the domain the settings are for (lower-case ASCII)
   * @param settings the settings, with their per-setting errors
   * @param endpoint the SOAP Autodiscover URL that answered
   * @param trace every attempt of the run
   * @param elapsed how long the run took
   * @return the result
   */
  public abstract DomainSettingsResult domainSettingsResult(String domain, DomainSettings settings, URI endpoint,
      AttemptTrace trace, Duration elapsed);

  /**
   * Creates {@link MailboxSettings}. Not for applications.
   *
   * @param user the {@code User} block
   * @param account the simple child elements of {@code Account} by local name
   * @param protocols the {@code Protocol} blocks in document order
   * @param alternativeMailboxes the {@code AlternativeMailbox} blocks in document order
   * @param publicFolderSmtpAddress {@code PublicFolderInformation/SmtpAddress}, or null
   * @param responseXml the response document as received
   * @return the settings
   */
  public abstract MailboxSettings mailboxSettings(MailboxUser user, Map<String, String> account,
      List<ProtocolSettings> protocols, List<AlternativeMailbox> alternativeMailboxes,
      @Nullable String publicFolderSmtpAddress, String responseXml);

  /**
   * Creates a {@link MailboxUser}. Not for applications.
   *
   * @param elements child element local names mapped to their text, in document order
   * @return the view
   */
  public abstract MailboxUser mailboxUser(Map<String, String> elements);

  /**
   * Creates an {@link AlternativeMailbox}. Not for applications.
   *
   * @param elements child element local names mapped to their text, in document order
   * @return the view
   */
  public abstract AlternativeMailbox alternativeMailbox(Map<String, String> elements);

  /**
   * Creates {@link ProtocolSettings}. Not for applications.
   *
   * @param type the protocol type, from the {@code Type} child or, for MAPI over HTTP, the {@code Type}
   *     attribute
   * @param elements the block's elements keyed as {@link ProtocolSettings} describes, in document order
   * @return the view
   */
  public abstract ProtocolSettings protocolSettings(String type, Map<String, String> elements);

  /**
   * Creates a successful {@link BatchItem}. Not for applications.
   *
   * @param input the address as given
   * @param address the parsed address
   * @param userSettings the user's settings
   * @param ewsUrl the EWS URL to use (external if the server named one), or null when it named none
   * @param endpoint the Autodiscover URL that answered
   * @param trace the attempts that concern this address
   * @return the item
   */
  public abstract BatchItem batchSucceeded(String input, EmailAddress address, UserSettings userSettings,
      @Nullable EwsUrl ewsUrl, URI endpoint, AttemptTrace trace);

  /**
   * Creates a failed {@link BatchItem}. Not for applications.
   *
   * @param input the address as given
   * @param address the parsed address, or null if it could not be parsed
   * @param failure what went wrong
   * @param trace every attempt that concerns this address
   * @return the item
   */
  public abstract BatchItem batchFailed(String input, @Nullable EmailAddress address, AutodiscoverException failure,
      AttemptTrace trace);

  /**
   * Returns an address equal to {@code address} that holds {@code domain} as its domain string, so that the
   * addresses of one domain in a batch share one string. Not for applications.
   *
   * @param address the address
   * @param domain a string equal to {@code address.domain()}
   * @return {@code address} when it already holds that string, else an equal address that does
   * @throws IllegalArgumentException if {@code domain} is not the address's domain
   */
  public abstract EmailAddress sharingDomain(EmailAddress address, String domain);

  /**
   * Returns a copy of a result that says an EWS URL of it lies outside the domains the run trusted (see
   * {@link AutodiscoverResult#ewsUrlOutsideTrustedDomains()}). Not for applications.
   *
   * @param result the result
   * @return the flagged copy
   */
  public abstract AutodiscoverResult ewsUrlOutsideTrustedDomains(AutodiscoverResult result);

  /**
   * Says why the typed accessors of the settings views ({@link ProtocolSettings#ewsUrl()},
   * {@link UserSettings#externalEwsUrl()}, ...) refuse a URL a server sent: it must be an absolute
   * {@code https} URL with a host and without user info. Not for applications.
   *
   * @param value the URL as sent
   * @return the reason (quoting no part of the value), or empty when the URL is usable
   */
  public abstract java.util.Optional<String> settingsUrlProblem(String value);
}
