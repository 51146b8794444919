package dev.autodiscover.internal.pipeline;

import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DomainSettings;
import dev.autodiscover.EwsUrl;
import dev.autodiscover.MailboxSettings;
import dev.autodiscover.ProtocolSettings;
import dev.autodiscover.UserSettings;
import dev.autodiscover.access.ApiAccess;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The URLs of a settings answer (POX, SOAP, v2, local XML) checked once for every driver (protocol.md §7):
 * the typed accessors of the API's settings views return only absolute {@code https} URLs with a host and
 * without user info; this class names the ones they refuse, for the attempt's trace detail, and says whether
 * an EWS URL lies outside the domains the run trusted. Stateless and thread-safe.
 */
public final class SettingsUrls {
  private SettingsUrls() {}

  /**
   * Names every URL of a settings answer the typed accessors refuse, with the reason, for the trace.
   * Quotes no value (a URL with user info carries a secret).
   *
   * @param settings the POX profile (for a SOAP answer, the profile built from its settings), or null
   * @param userSettings the SOAP user settings, or null for a POX answer
   * @return {@code "refused settings URLs: EXPR EwsUrl (not https), ..."}, or null when none was refused
   */
  public static @Nullable String refused(@Nullable MailboxSettings settings, @Nullable UserSettings userSettings) {
    List<String> refused = new ArrayList<>();
    if (userSettings != null) {
      check("", userSettings.raw(), refused);
      userSettings.collections().forEach((name, entries) -> entries.forEach(e -> check(name + " ", e, refused)));
    } else if (settings != null) {
      for (ProtocolSettings p : settings.protocols()) {
        check(p.type() + " ", p.elements(), refused);
      }
    }
    return note(refused);
  }

  /**
   * Names every URL of a GetDomainSettings answer the typed accessors refuse, for the trace.
   *
   * @param settings the domain settings
   * @return the note as for {@link #refused(MailboxSettings, UserSettings)}, or null when none was refused
   */
  public static @Nullable String refused(DomainSettings settings) {
    List<String> refused = new ArrayList<>();
    check("", settings.raw(), refused);
    return note(refused);
  }

  /**
   * Appends a note to an attempt's detail.
   *
   * @param detail the detail so far, or null
   * @param note the note, or null
   * @return both joined with {@code "; "}, or whichever is not null
   */
  public static @Nullable String join(@Nullable String detail, @Nullable String note) {
    return note == null ? detail : detail == null ? note : detail + "; " + note;
  }

  /**
   * Flags a result whose EWS URLs include one outside the domains the run trusted with credentials (the
   * user's registrable domains, the trusted hosts, validator approvals: {@code TrustPolicy.credentials}).
   *
   * @param result the result
   * @param guard the run's redirect guard
   * @return the result, flagged when an EWS URL lies outside
   */
  public static AutodiscoverResult flagTrust(AutodiscoverResult result, RedirectGuard guard) {
    List<URI> urls = new ArrayList<>();
    result.settings().externalEwsUrl().map(EwsUrl::uri).ifPresent(urls::add);
    result.settings().internalEwsUrl().map(EwsUrl::uri).ifPresent(urls::add);
    result.userSettings().externalEwsUrl().ifPresent(urls::add);
    result.userSettings().internalEwsUrl().ifPresent(urls::add);
    for (URI url : urls) {
      if (!guard.trust().credentials(url, guard.approvedHosts(), guard.userDomains()).allowed()) {
        return ApiAccess.get().ewsUrlOutsideTrustedDomains(result);
      }
    }
    return result;
  }

  private static void check(String prefix, Map<String, String> elements, List<String> refused) {
    elements.forEach((key, value) -> {
      if (isUrlKey(key) && !value.isBlank()) {
        Optional<String> problem = ApiAccess.get().settingsUrlProblem(value);
        problem.ifPresent(p -> refused.add(prefix + key + " (" + p + ")"));
      }
    });
  }

  /** An element named {@code ...Url} (also {@code ...Url[2]}), not an attribute of one. */
  private static boolean isUrlKey(String key) {
    String name = key.toLowerCase(Locale.ROOT);
    int bracket = name.lastIndexOf('[');
    if (bracket > 0 && name.endsWith("]")) {
      name = name.substring(0, bracket);
    }
    return !name.contains("@") && name.endsWith("url");
  }

  private static @Nullable String note(List<String> refused) {
    return refused.isEmpty() ? null : "refused settings URLs: " + String.join(", ", refused);
  }
}
