package dev.autodiscover.internal.soap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.autodiscover.AlternativeMailbox;
import dev.autodiscover.MailboxSettings;
import dev.autodiscover.ProtocolSettings;
import dev.autodiscover.UserSettingName;
import dev.autodiscover.UserSettings;
import dev.autodiscover.access.ApiAccess;

/**
 * Bridges SOAP answers to the POX-shaped API: a SOAP {@code ErrorCode} to the nearest POX error number, and
 * SOAP user settings to the profile an {@code AutodiscoverResult} carries. Stateless.
 */
public final class SoapMapping {
  private SoapMapping() {}

  /**
   * The POX {@code ErrorCode} nearest to a SOAP one: {@code InvalidUser} 500, {@code InvalidRequest} and
   * {@code InvalidSetting} 600, anything else 603.
   */
  public static int poxErrorCode(String soapErrorCode) {
    return switch (soapErrorCode) {
      case "InvalidUser" -> 500;
      case "InvalidRequest", "InvalidSetting" -> 600;
      default -> 603;
    };
  }

  /**
   * The POX profile holding what the SOAP settings say: the user block (display name, legacy DN, deployment
   * id, SMTP address), an {@code EXPR} block with the external EWS URL, an {@code EXCH} block with the internal
   * one, and the alternate mailboxes. The raw response text
   * is empty: the SOAP document is not a POX one.
   */
  public static MailboxSettings mailboxSettings(UserSettings soap) {
    Map<String, String> user = new LinkedHashMap<>();
    soap.userDisplayName().ifPresent(v -> user.put("DisplayName", v));
    soap.userDN().ifPresent(v -> user.put("LegacyDN", v));
    soap.userDeploymentId().ifPresent(v -> user.put("DeploymentId", v));
    soap.get(UserSettingName.AUTO_DISCOVER_SMTP_ADDRESS).ifPresent(v -> user.put("AutoDiscoverSMTPAddress", v));
    ApiAccess api = ApiAccess.get();
    List<ProtocolSettings> protocols = new ArrayList<>();
    soap.externalEwsUrl().ifPresent(u -> protocols.add(api.protocolSettings("EXPR", Map.of("EwsUrl", u.toString()))));
    soap.internalEwsUrl().ifPresent(u -> protocols.add(api.protocolSettings("EXCH", Map.of("EwsUrl", u.toString()))));
    List<AlternativeMailbox> mailboxes = soap.alternativeMailboxes();
    return api.mailboxSettings(api.mailboxUser(user), Map.of(), protocols, mailboxes, null, "");
  }
}
