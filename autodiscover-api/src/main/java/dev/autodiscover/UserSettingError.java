package dev.autodiscover;

import java.util.Objects;

/**
 * One per-setting error of a SOAP {@code GetUserSettings} answer (protocol.md §4.7): that setting is missing,
 * the user's other settings are still valid. Immutable.
 *
 * @param settingName the SOAP setting name, for example {@code InternalEwsUrl} (kept even if no
 *     {@link UserSettingName} matches it)
 * @param errorCode the server's code, for example {@code SettingIsNotAvailable} or {@code InvalidSetting}
 * @param message the server's message, possibly empty
 */
public record UserSettingError(String settingName, String errorCode, String message) {
  /**
   * Checks the components.
   *
   * @param settingName the SOAP setting name
   * @param errorCode the server's code
   * @param message the server's message, possibly empty
   * @throws NullPointerException if any component is null
   */
  public UserSettingError {
    Objects.requireNonNull(settingName, "settingName");
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(message, "message");
  }
}
