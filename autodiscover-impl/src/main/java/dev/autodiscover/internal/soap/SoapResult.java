package dev.autodiscover.internal.soap;

import java.util.Objects;

/**
 * The result for one user (or domain) of a SOAP Autodiscover answer (protocol.md §4.7, §4.8).
 *
 * @param <S> the settings type: {@code UserSettings} or {@code DomainSettings}
 */
public sealed interface SoapResult<S>
    permits SoapResult.Settings, SoapResult.RedirectAddress, SoapResult.RedirectUrl, SoapResult.Error {

  /**
   * {@code ErrorCode} {@code NoError}: the settings, with their per-setting errors.
   *
   * @param settings the settings
   * @param <S> the settings type
   */
  record Settings<S>(S settings) implements SoapResult<S> {
    /** Checks the argument. */
    public Settings {
      Objects.requireNonNull(settings, "settings");
    }
  }

  /**
   * {@code RedirectAddress}: restart discovery for this address (hop + 1).
   *
   * @param address the trimmed {@code RedirectTarget}, never blank (not validated as an address)
   * @param <S> the settings type
   */
  record RedirectAddress<S>(String address) implements SoapResult<S> {
    /** Checks the argument. */
    public RedirectAddress {
      Objects.requireNonNull(address, "address");
    }
  }

  /**
   * {@code RedirectUrl}: send the same request to this Autodiscover URL (hop + 1), after validating it.
   *
   * @param url the trimmed {@code RedirectTarget}, never blank (not validated; the caller applies §3.15)
   * @param <S> the settings type
   */
  record RedirectUrl<S>(String url) implements SoapResult<S> {
    /** Checks the argument. */
    public RedirectUrl {
      Objects.requireNonNull(url, "url");
    }
  }

  /**
   * Any other per-user (per-domain) {@code ErrorCode}, for example {@code InvalidUser} or
   * {@code InvalidDomain}; also a redirect code without a target.
   *
   * @param errorCode the trimmed {@code ErrorCode}
   * @param message {@code ErrorMessage}, possibly empty
   * @param <S> the settings type
   */
  record Error<S>(String errorCode, String message) implements SoapResult<S> {
    /** Checks the arguments. */
    public Error {
      Objects.requireNonNull(errorCode, "errorCode");
      Objects.requireNonNull(message, "message");
    }
  }
}
