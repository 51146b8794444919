package dev.autodiscover;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The names of the settings a SOAP Autodiscover {@code GetDomainSettings} request can ask for (protocol.md
 * §4.5): organisation-level settings that need no mailbox.
 */
public enum DomainSettingName {
  /** EWS URL for clients outside the organisation's network. */
  EXTERNAL_EWS_URL("ExternalEwsUrl"),
  /** Version of the external EWS endpoint. */
  EXTERNAL_EWS_VERSION("ExternalEwsVersion");

  private final String wireName;

  DomainSettingName(String wireName) {
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
   * @param wireName a name such as {@code ExternalEwsVersion}
   * @return the setting, or empty for a name this enumeration does not know
   */
  public static Optional<DomainSettingName> fromWireName(String wireName) {
    Objects.requireNonNull(wireName, "wireName");
    for (DomainSettingName name : values()) {
      if (name.wireName.toLowerCase(Locale.ROOT).equals(wireName.toLowerCase(Locale.ROOT))) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }
}
