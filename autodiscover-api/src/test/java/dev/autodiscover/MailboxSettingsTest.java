package dev.autodiscover;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MailboxSettingsTest {
  private static ProtocolSettings protocol(String type, String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return new ProtocolSettings(type, m);
  }

  @Test
  void ewsUrl_prefersExternalAndSaysSo_internalStaysAvailable() {
    MailboxSettings s = new MailboxSettings(new MailboxUser(Map.of()), Map.of("Action", "settings"), List.of(
        protocol("EXCH", "EwsUrl", "https://mail.corp.contoso.com/EWS/Exchange.asmx"),
        protocol("EXPR", "EwsUrl", "https://mail.contoso.com/EWS/Exchange.asmx")), List.of(), null, "<x/>");
    assertThat(s.ewsUrl()).hasValue(new EwsUrl(URI.create("https://mail.contoso.com/EWS/Exchange.asmx"),
        NetworkLocation.EXTERNAL, "EXPR"));
    assertThat(s.internalEwsUrl().orElseThrow().location()).isEqualTo(NetworkLocation.INTERNAL);
  }

  @Test
  void ewsUrl_fallsBackToInternal() {
    MailboxSettings s = new MailboxSettings(new MailboxUser(Map.of()), Map.of(), List.of(
        protocol("EXCH", "EwsUrl", "https://mail.corp.contoso.com/EWS/Exchange.asmx")), List.of(), null, "<x/>");
    assertThat(s.ewsUrl().orElseThrow().location()).isEqualTo(NetworkLocation.INTERNAL);
  }

  @Test
  void protocol_decodesServerVersionAndKeepsUnknownElements() {
    ProtocolSettings p = protocol("EXPR", "ServerVersion", "73C189CB", "SSL", "On", "TTL", "1",
        "FutureElement", "kept", "External/OWAUrl@AuthenticationMethod", "Fba");
    assertThat(p.serverVersionDecoded()).hasValue("15.1.2507");
    assertThat(protocol("EXCH", "ServerVersion", "738180DA").serverVersionDecoded()).hasValue("14.1.218");
    assertThat(p.ssl()).hasValue(true);
    assertThat(p.ttlHours()).hasValue(1);
    assertThat(p.element("futureelement")).hasValue("kept");
    assertThat(p.element("External/OWAUrl@AuthenticationMethod")).hasValue("Fba");
    assertThat(p.location()).hasValue(NetworkLocation.EXTERNAL);
  }

  @Test
  void trace_rendersAnOutlookStyleLog() {
    Attempt a = Attempt.builder(DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.NOT_FOUND)
        .url(URI.create("https://contoso.com/autodiscover/autodiscover.xml")).httpMethod("POST").httpStatus(405).build();
    Attempt b = Attempt.builder(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.SETTINGS)
        .url(URI.create("https://autodiscover.contoso.com/autodiscover/autodiscover.xml")).httpMethod("POST")
        .httpStatus(200).authSchemes(List.of("Negotiate", "NTLM", "Basic")).build();
    String log = AttemptTrace.of(List.of(a, b)).toOutlookStyleLog();
    assertThat(log).contains("Autodiscover to https://contoso.com/autodiscover/autodiscover.xml starting")
        .contains("GetLastError=0; httpStatus=405.")
        .contains("FAILED (0x80004005)")
        .contains("GetLastError=0; httpStatus=401.\nAutoDiscover supported auth schemes: Negotiate NTLM Basic\n"
            + "GetLastError=0; httpStatus=200.")
        .contains("Autodiscover XML Received")
        .contains("succeeded (0x00000000)");
    assertThat(AttemptTrace.of(List.of(a, b)).winner()).hasValue(b);
  }
}
