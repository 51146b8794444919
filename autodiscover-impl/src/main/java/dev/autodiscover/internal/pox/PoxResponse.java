package dev.autodiscover.internal.pox;

import dev.autodiscover.MailboxSettings;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What a well-formed POX Autodiscover answer says: settings, one of two redirects, or an error. */
public sealed interface PoxResponse
    permits PoxResponse.Settings, PoxResponse.RedirectAddress, PoxResponse.RedirectUrl, PoxResponse.Error {

  /**
   * {@code Action=settings}: the mailbox settings.
   *
   * @param settings the settings, including the response document as received
   */
  record Settings(MailboxSettings settings) implements PoxResponse {
    /** Checks the argument. */
    public Settings {
      Objects.requireNonNull(settings, "settings");
    }
  }

  /**
   * {@code Action=redirectAddr}: restart discovery for another address.
   *
   * @param address the trimmed {@code RedirectAddr}, never blank (not validated as an address)
   */
  record RedirectAddress(String address) implements PoxResponse {
    /** Checks the argument. */
    public RedirectAddress {
      Objects.requireNonNull(address, "address");
    }
  }

  /**
   * {@code Action=redirectUrl}: send the same request to another Autodiscover URL.
   *
   * @param url the trimmed {@code RedirectUrl}, never blank (not validated; the caller applies §3.15)
   */
  record RedirectUrl(String url) implements PoxResponse {
    /** Checks the argument. */
    public RedirectUrl {
      Objects.requireNonNull(url, "url");
    }
  }

  /**
   * An {@code Error} block, either directly under {@code Response} (generic error) or inside
   * {@code Account}. Text values are trimmed; blank values are null.
   *
   * @param errorCode {@code ErrorCode}, or null when absent or not a number
   * @param message {@code Message}
   * @param debugData {@code DebugData}
   * @param time the {@code Time} attribute (server time, for the administrator's log search)
   * @param id the {@code Id} attribute (derived from the answering server's name)
   */
  record Error(
      @Nullable Integer errorCode,
      @Nullable String message,
      @Nullable String debugData,
      @Nullable String time,
      @Nullable String id)
      implements PoxResponse {}
}
