package dev.autodiscover;

/**
 * The eight ways Outlook looks for an Autodiscover endpoint, in Outlook's order (KB 2212902).
 *
 * <p>The declaration order is the priority order: when several methods produce an answer, the one declared
 * first wins, whether the SDK tried them one after the other or in parallel. Each constant names the Outlook
 * registry value (under {@code HKCU\Software\Microsoft\Office\<ver>\Outlook\AutoDiscover}) that disables it;
 * the SDK equivalent is {@link AutodiscoverRequest#excluding(DiscoveryMethod...)}.
 */
public enum DiscoveryMethod {
  /**
   * Active Directory service connection point lookup over LDAP, then HTTPS POST to the URLs found.
   * Outlook switch: {@code ExcludeScpLookup}.
   */
  SCP("SCP lookup", "ExcludeScpLookup"),
  /**
   * HTTPS POST to {@code https://<domain>/autodiscover/autodiscover.xml}. Outlook switch:
   * {@code ExcludeHttpsRootDomain}.
   */
  HTTPS_ROOT_DOMAIN("HTTPS root domain", "ExcludeHttpsRootDomain"),
  /**
   * HTTPS POST to {@code https://autodiscover.<domain>/autodiscover/autodiscover.xml}. Outlook switch:
   * {@code ExcludeHttpsAutoDiscoverDomain}.
   */
  HTTPS_AUTODISCOVER_DOMAIN("HTTPS autodiscover domain", "ExcludeHttpsAutoDiscoverDomain"),
  /**
   * A response document stored on the client. Outlook has no switch to exclude it; {@code PreferLocalXML}
   * moves it to the front.
   */
  LOCAL_XML("local XML", "PreferLocalXML"),
  /**
   * Unauthenticated {@code GET http://autodiscover.<domain>/autodiscover/autodiscover.xml} whose redirect
   * names the real HTTPS endpoint; never carries credentials. Outlook switch: {@code ExcludeHttpRedirect}.
   */
  HTTP_REDIRECT("HTTP redirect", "ExcludeHttpRedirect"),
  /** DNS SRV record {@code _autodiscover._tcp.<domain>}. Outlook switch: {@code ExcludeSrvRecord}. */
  DNS_SRV("DNS SRV", "ExcludeSrvRecord"),
  /** The endpoint that answered last time. Outlook switch: {@code ExcludeLastKnownGoodUrl}. */
  LAST_KNOWN_GOOD("last known good URL", "ExcludeLastKnownGoodUrl"),
  /** The Microsoft 365 Autodiscover service. Outlook switch: {@code ExcludeExplicitO365Endpoint}. */
  O365_ENDPOINT("Office 365 endpoint", "ExcludeExplicitO365Endpoint");

  private final String displayName;
  private final String outlookSwitch;

  DiscoveryMethod(String displayName, String outlookSwitch) {
    this.displayName = displayName;
    this.outlookSwitch = outlookSwitch;
  }

  /**
   * Returns a short human-readable name, as used in the Outlook-style log.
   *
   * @return the display name, never null
   */
  public String displayName() {
    return displayName;
  }

  /**
   * Returns the Outlook registry value that controls this method (for example {@code ExcludeScpLookup}).
   *
   * @return the registry value name, never null
   */
  public String outlookSwitch() {
    return outlookSwitch;
  }
}
