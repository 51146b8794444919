package dev.autodiscover.internal.soap;

import com.google.common.xml.XmlEscapers;
import dev.autodiscover.DomainSettingName;
import dev.autodiscover.UserSettingName;
import dev.autodiscover.internal.xml.XmlBody;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the SOAP request envelopes of {@link SoapCodec} (protocol.md §4.3, §4.5, §4.9.1): checks the
 * arguments, escapes every caller-supplied text and adds the WS-Addressing headers. Stateless and thread-safe;
 * the contracts are those of {@link SoapCodec#getUserSettingsRequest} and
 * {@link SoapCodec#getDomainSettingsRequest}.
 */
final class SoapRequestWriter {
  private static final String ADDRESSING_NS = "http://www.w3.org/2005/08/addressing";
  private static final String ACTION_PREFIX = "http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/";

  private static final Pattern SERVER_VERSION = Pattern.compile("Exchange20[0-9]{2}(_SP[0-9])?");

  private SoapRequestWriter() {}

  /** The {@code GetUserSettings} envelope as UTF-8 bytes. */
  static byte[] getUserSettings(URI endpoint, List<String> mailboxes, Set<UserSettingName> settings,
      String requestedServerVersion) {
    checkCommon(endpoint, mailboxes, "mailboxes", settings, requestedServerVersion);
    StringBuilder body = new StringBuilder();
    body.append("    <a:GetUserSettingsRequestMessage>\n      <a:Request>\n        <a:Users>\n");
    for (String mailbox : mailboxes) {
      body.append("          <a:User><a:Mailbox>").append(escape(mailbox.strip())).append("</a:Mailbox></a:User>\n");
    }
    body.append("        </a:Users>\n        <a:RequestedSettings>\n");
    for (UserSettingName setting : settings) {
      body.append("          <a:Setting>").append(setting.wireName()).append("</a:Setting>\n");
    }
    body.append("        </a:RequestedSettings>\n      </a:Request>\n    </a:GetUserSettingsRequestMessage>\n");
    return envelope(endpoint, "GetUserSettings", requestedServerVersion, body);
  }

  /** The {@code GetDomainSettings} envelope as UTF-8 bytes. */
  static byte[] getDomainSettings(URI endpoint, List<String> domains, Set<DomainSettingName> settings,
      String requestedServerVersion) {
    checkCommon(endpoint, domains, "domains", settings, requestedServerVersion);
    StringBuilder body = new StringBuilder();
    body.append("    <a:GetDomainSettingsRequestMessage>\n      <a:Request>\n        <a:Domains>\n");
    for (String domain : domains) {
      body.append("          <a:Domain>").append(escape(domain.strip())).append("</a:Domain>\n");
    }
    body.append("        </a:Domains>\n        <a:RequestedSettings>\n");
    for (DomainSettingName setting : settings) {
      body.append("          <a:Setting>").append(setting.wireName()).append("</a:Setting>\n");
    }
    body.append("        </a:RequestedSettings>\n      </a:Request>\n    </a:GetDomainSettingsRequestMessage>\n");
    return envelope(endpoint, "GetDomainSettings", requestedServerVersion, body);
  }

  private static void checkCommon(URI endpoint, List<String> entries, String what, Set<?> settings,
      String requestedServerVersion) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(entries, what);
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(requestedServerVersion, "requestedServerVersion");
    if (!endpoint.isAbsolute()) {
      throw new IllegalArgumentException("endpoint must be an absolute URL, got " + endpoint);
    }
    int max = SoapCodec.MAX_ENTRIES_PER_REQUEST;
    if (entries.isEmpty() || entries.size() > max) {
      throw new IllegalArgumentException(what + " must hold 1 to " + max + " entries, got " + entries.size()
          + "; split larger batches into several requests");
    }
    for (int i = 0; i < entries.size(); i++) {
      String entry = Objects.requireNonNull(entries.get(i), what);
      if (entry.isBlank()) {
        throw new IllegalArgumentException(what + "[" + i + "] is blank");
      }
      if (entry.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(what + "[" + i + "] contains a control character");
      }
    }
    if (settings.isEmpty()) {
      throw new IllegalArgumentException("settings must name at least one setting");
    }
    settings.forEach(s -> Objects.requireNonNull(s, "settings"));
    if (!SERVER_VERSION.matcher(requestedServerVersion).matches()) {
      throw new IllegalArgumentException("requestedServerVersion must look like Exchange2010, Exchange2010_SP2 or"
          + " Exchange2013_SP1, got '" + XmlBody.excerpt(requestedServerVersion, 40) + "'");
    }
  }

  private static byte[] envelope(URI endpoint, String operation, String version, StringBuilder body) {
    String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        + "<soap:Envelope xmlns:soap=\"" + SoapModel.SOAP_NS + "\"\n"
        + "               xmlns:a=\"" + SoapModel.AUTODISCOVER_NS + "\"\n"
        + "               xmlns:wsa=\"" + ADDRESSING_NS + "\">\n"
        + "  <soap:Header>\n"
        + "    <a:RequestedServerVersion>" + version + "</a:RequestedServerVersion>\n"
        + "    <wsa:Action>" + ACTION_PREFIX + operation + "</wsa:Action>\n"
        + "    <wsa:To>" + escape(endpoint.toString()) + "</wsa:To>\n"
        + "  </soap:Header>\n"
        + "  <soap:Body>\n"
        + body
        + "  </soap:Body>\n"
        + "</soap:Envelope>\n";
    return xml.getBytes(StandardCharsets.UTF_8);
  }

  private static String escape(String text) {
    return XmlEscapers.xmlContentEscaper().escape(text);
  }
}
