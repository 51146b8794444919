package dev.autodiscover;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The names of the settings a SOAP Autodiscover {@code GetUserSettings} request can ask for (protocol.md
 * §4.4). Which of them a server knows depends on its version and the requested schema version: a name it
 * does not know comes back as a {@link UserSettingError} with {@code InvalidSetting}, one without a value for
 * the user as {@code SettingIsNotAvailable}.
 *
 * <p>Settings the server answers with a name missing here are still kept ({@link UserSettings#raw()}).
 */
public enum UserSettingName {
  /** Display name. */
  USER_DISPLAY_NAME("UserDisplayName"),
  /** Legacy distinguished name (DN) of the user. */
  USER_DN("UserDN"),
  /** Organisation (forest) GUID. */
  USER_DEPLOYMENT_ID("UserDeploymentId"),
  /** Primary SMTP address resolved by Autodiscover. */
  AUTO_DISCOVER_SMTP_ADDRESS("AutoDiscoverSMTPAddress"),
  /** EWS URL for clients outside the organisation's network. */
  EXTERNAL_EWS_URL("ExternalEwsUrl"),
  /** EWS URL for clients inside the organisation's network. */
  INTERNAL_EWS_URL("InternalEwsUrl"),
  /** Version of the external EWS endpoint. */
  EXTERNAL_EWS_VERSION("ExternalEwsVersion"),
  /** Comma-separated EWS schema versions the server accepts. */
  EWS_SUPPORTED_SCHEMAS("EwsSupportedSchemas"),
  /** Version of the answering Client Access server, for example {@code 15.1.2507.6}. */
  CAS_VERSION("CasVersion"),
  /** Directory server for the user. */
  ACTIVE_DIRECTORY_SERVER("ActiveDirectoryServer"),
  /** Legacy DN of the mailbox database. */
  MAILBOX_DN("MailboxDN"),
  /** Internal mailbox server (RPC). */
  INTERNAL_MAILBOX_SERVER("InternalMailboxServer"),
  /** Legacy DN of the internal mailbox server. */
  INTERNAL_MAILBOX_SERVER_DN("InternalMailboxServerDN"),
  /** Internal RPC client access server or array. */
  INTERNAL_RPC_CLIENT_SERVER("InternalRpcClientServer"),
  /** External Outlook Anywhere host. */
  EXTERNAL_MAILBOX_SERVER("ExternalMailboxServer"),
  /** Whether the external Outlook Anywhere host requires TLS ({@code True}/{@code False}). */
  EXTERNAL_MAILBOX_SERVER_REQUIRES_SSL("ExternalMailboxServerRequiresSSL"),
  /** Authentication methods of the external Outlook Anywhere host. */
  EXTERNAL_MAILBOX_SERVER_AUTHENTICATION_METHODS("ExternalMailboxServerAuthenticationMethods"),
  /** Outlook on the web URLs for internal clients (collection-valued). */
  INTERNAL_WEB_CLIENT_URLS("InternalWebClientUrls"),
  /** Outlook on the web URLs for external clients (collection-valued). */
  EXTERNAL_WEB_CLIENT_URLS("ExternalWebClientUrls"),
  /** Offline address book URL for internal clients. */
  INTERNAL_OAB_URL("InternalOABUrl"),
  /** Offline address book URL for external clients. */
  EXTERNAL_OAB_URL("ExternalOABUrl"),
  /** Unified Messaging service URL for internal clients. */
  INTERNAL_UM_URL("InternalUMUrl"),
  /** Unified Messaging service URL for external clients. */
  EXTERNAL_UM_URL("ExternalUMUrl"),
  /** Control panel URL for internal clients. */
  INTERNAL_ECP_URL("InternalEcpUrl"),
  /** Control panel voice mail page for internal clients. */
  INTERNAL_ECP_VOICEMAIL_URL("InternalEcpVoicemailUrl"),
  /** Control panel e-mail subscriptions page for internal clients. */
  INTERNAL_ECP_EMAIL_SUBSCRIPTIONS_URL("InternalEcpEmailSubscriptionsUrl"),
  /** Control panel text messaging page for internal clients. */
  INTERNAL_ECP_TEXT_MESSAGING_URL("InternalEcpTextMessagingUrl"),
  /** Control panel delivery report page for internal clients. */
  INTERNAL_ECP_DELIVERY_REPORT_URL("InternalEcpDeliveryReportUrl"),
  /** Control panel retention policy tags page for internal clients. */
  INTERNAL_ECP_RETENTION_POLICY_TAGS_URL("InternalEcpRetentionPolicyTagsUrl"),
  /** Control panel calendar publishing page for internal clients. */
  INTERNAL_ECP_PUBLISHING_URL("InternalEcpPublishingUrl"),
  /** Control panel photo page for internal clients. */
  INTERNAL_ECP_PHOTO_URL("InternalEcpPhotoUrl"),
  /** Control panel connected accounts page for internal clients. */
  INTERNAL_ECP_CONNECT_URL("InternalEcpConnectUrl"),
  /** Control panel team mailbox page for internal clients. */
  INTERNAL_ECP_TEAM_MAILBOX_URL("InternalEcpTeamMailboxUrl"),
  /** Control panel team mailbox creation page for internal clients. */
  INTERNAL_ECP_TEAM_MAILBOX_CREATING_URL("InternalEcpTeamMailboxCreatingUrl"),
  /** Control panel team mailbox editing page for internal clients. */
  INTERNAL_ECP_TEAM_MAILBOX_EDITING_URL("InternalEcpTeamMailboxEditingUrl"),
  /** Control panel team mailbox hiding page for internal clients. */
  INTERNAL_ECP_TEAM_MAILBOX_HIDING_URL("InternalEcpTeamMailboxHidingUrl"),
  /** Control panel extension installation page for internal clients. */
  INTERNAL_ECP_EXTENSION_INSTALLATION_URL("InternalEcpExtensionInstallationUrl"),
  /** Control panel URL for external clients. */
  EXTERNAL_ECP_URL("ExternalEcpUrl"),
  /** Control panel voice mail page for external clients. */
  EXTERNAL_ECP_VOICEMAIL_URL("ExternalEcpVoicemailUrl"),
  /** Control panel e-mail subscriptions page for external clients. */
  EXTERNAL_ECP_EMAIL_SUBSCRIPTIONS_URL("ExternalEcpEmailSubscriptionsUrl"),
  /** Control panel text messaging page for external clients. */
  EXTERNAL_ECP_TEXT_MESSAGING_URL("ExternalEcpTextMessagingUrl"),
  /** Control panel delivery report page for external clients. */
  EXTERNAL_ECP_DELIVERY_REPORT_URL("ExternalEcpDeliveryReportUrl"),
  /** Control panel retention policy tags page for external clients. */
  EXTERNAL_ECP_RETENTION_POLICY_TAGS_URL("ExternalEcpRetentionPolicyTagsUrl"),
  /** Control panel calendar publishing page for external clients. */
  EXTERNAL_ECP_PUBLISHING_URL("ExternalEcpPublishingUrl"),
  /** Control panel photo page for external clients. */
  EXTERNAL_ECP_PHOTO_URL("ExternalEcpPhotoUrl"),
  /** Control panel connected accounts page for external clients. */
  EXTERNAL_ECP_CONNECT_URL("ExternalEcpConnectUrl"),
  /** Control panel team mailbox page for external clients. */
  EXTERNAL_ECP_TEAM_MAILBOX_URL("ExternalEcpTeamMailboxUrl"),
  /** Control panel team mailbox creation page for external clients. */
  EXTERNAL_ECP_TEAM_MAILBOX_CREATING_URL("ExternalEcpTeamMailboxCreatingUrl"),
  /** Control panel team mailbox editing page for external clients. */
  EXTERNAL_ECP_TEAM_MAILBOX_EDITING_URL("ExternalEcpTeamMailboxEditingUrl"),
  /** Control panel team mailbox hiding page for external clients. */
  EXTERNAL_ECP_TEAM_MAILBOX_HIDING_URL("ExternalEcpTeamMailboxHidingUrl"),
  /** Control panel extension installation page for external clients. */
  EXTERNAL_ECP_EXTENSION_INSTALLATION_URL("ExternalEcpExtensionInstallationUrl"),
  /** Management web services URL for internal clients. */
  INTERNAL_EMWS_URL("InternalEmwsUrl"),
  /** Management web services URL for external clients. */
  EXTERNAL_EMWS_URL("ExternalEmwsUrl"),
  /** Delegate, archive and team mailboxes (collection-valued). */
  ALTERNATE_MAILBOXES("AlternateMailboxes"),
  /** Legacy public folder server. */
  PUBLIC_FOLDER_SERVER("PublicFolderServer"),
  /** Address of the modern public folder hierarchy mailbox. */
  PUBLIC_FOLDER_INFORMATION("PublicFolderInformation"),
  /** Whether federated sharing is enabled. */
  CROSS_ORGANIZATION_SHARING_ENABLED("CrossOrganizationSharingEnabled"),
  /** Site or grouping string. */
  GROUPING_INFORMATION("GroupingInformation"),
  /** Whether MAPI over HTTP is enabled for the user. */
  MAPI_HTTP_ENABLED("MapiHttpEnabled"),
  /** Whether the user is in Exchange Online. */
  USER_MS_ONLINE("UserMSOnline"),
  /** POP3 endpoints for external clients (collection-valued). */
  EXTERNAL_POP3_CONNECTIONS("ExternalPop3Connections"),
  /** POP3 endpoints for internal clients (collection-valued). */
  INTERNAL_POP3_CONNECTIONS("InternalPop3Connections"),
  /** IMAP4 endpoints for external clients (collection-valued). */
  EXTERNAL_IMAP4_CONNECTIONS("ExternalImap4Connections"),
  /** IMAP4 endpoints for internal clients (collection-valued). */
  INTERNAL_IMAP4_CONNECTIONS("InternalImap4Connections"),
  /** SMTP endpoints for external clients (collection-valued). */
  EXTERNAL_SMTP_CONNECTIONS("ExternalSmtpConnections"),
  /** SMTP endpoints for internal clients (collection-valued). */
  INTERNAL_SMTP_CONNECTIONS("InternalSmtpConnections"),
  /** Mobile mailbox policy. */
  MOBILE_MAILBOX_POLICY("MobileMailboxPolicy"),
  /** Whether the global address list is the default address book view. */
  SHOW_GAL_AS_DEFAULT_VIEW("ShowGalAsDefaultView"),
  /** Whether external clients must connect to the external server only. */
  EXTERNAL_SERVER_EXCLUSIVE_CONNECT("ExternalServerExclusiveConnect"),
  /** Whether internal clients must connect to the internal server only. */
  INTERNAL_SERVER_EXCLUSIVE_CONNECT("InternalServerExclusiveConnect"),
  /** Certificate principal name of the Outlook Anywhere server. */
  CERT_PRINCIPAL_NAME("CertPrincipalName"),
  /** EWS URL for partner (WS-Security) clients. */
  EWS_PARTNER_URL("EwsPartnerUrl"),
  /** Exchange RPC URL. */
  EXCHANGE_RPC_URL("ExchangeRpcUrl"),
  /** Redirect URL. */
  REDIRECT_URL("RedirectUrl"),
  /** External EWS URL of an interoperating (older) server. */
  INTEROP_EXTERNAL_EWS_URL("InteropExternalEwsUrl"),
  /** Version of the interoperating server's external EWS endpoint. */
  INTEROP_EXTERNAL_EWS_VERSION("InteropExternalEwsVersion"),
  /** User photo service URL for external clients. */
  EXTERNAL_PHOTOS_URL("ExternalPhotosUrl"),
  /** User photo service URL for internal clients. */
  INTERNAL_PHOTOS_URL("InternalPhotosUrl");

  private static final Map<String, UserSettingName> BY_LOWER_CASE_NAME = Stream.of(values())
      .collect(Collectors.toUnmodifiableMap(n -> n.wireName.toLowerCase(Locale.ROOT), Function.identity()));

  private final String wireName;

  UserSettingName(String wireName) {
    this.wireName = wireName;
  }

  /**
   * Returns the name exactly as it appears on the wire, for example {@code ExternalEwsUrl}.
   *
   * @return the SOAP setting name
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Looks a setting up by its SOAP name, ignoring case.
   *
   * @param wireName a name such as {@code ExternalEwsUrl}
   * @return the setting, or empty for a name this enumeration does not know
   */
  public static Optional<UserSettingName> fromWireName(String wireName) {
    Objects.requireNonNull(wireName, "wireName");
    return Optional.ofNullable(BY_LOWER_CASE_NAME.get(wireName.toLowerCase(Locale.ROOT)));
  }
}
