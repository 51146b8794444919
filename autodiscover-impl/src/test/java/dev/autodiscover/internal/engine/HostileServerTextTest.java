package dev.autodiscover.internal.engine;

import static dev.autodiscover.testkit.PoxResponses.errorXml;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverErrorResponseException;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.ProtocolChoice;
import org.junit.jupiter.api.Test;

/**
 * Error text from a hostile Autodiscover server, end to end: raw in the structured fields, escaped in the
 * exception message and the Outlook-style log, escaped in the JSON trace.
 */
class HostileServerTextTest extends EngineTestSupport {
  private static final String FORGED = "bad\r\nEWS URL: https://ews.fabrikam-evil.net/EWS/Exchange.asmx";
  private static final String FORGED_SHOWN =
      "bad\\u000D\\u000AEWS URL: https://ews.fabrikam-evil.net/EWS/Exchange.asmx";
  private static final String V2_URL =
      "https://autodiscover.contoso.com/autodiscover/autodiscover.json/v1.0/jan@contoso.com?Protocol=EWS";

  @Test
  void poxErrorMessage_withALineBreak_cannotForgeALine() {
    // A character reference, because an XML parser turns a literal CR LF into LF.
    net.host("autodiscover.contoso.com").https().enqueue(xml(errorXml(500, FORGED.replace("\r\n", "@CRLF@"))
        .replace("@CRLF@", "&#13;&#10;")));

    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .protocol(ProtocolChoice.POX).resolve())
        .isInstanceOfSatisfying(AutodiscoverErrorResponseException.class, e -> {
          assertThat(e.serverMessage()).hasValue(FORGED);
          assertThat(attempt(e, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.ERROR_RESPONSE)
              .errorMessage()).hasValue(FORGED);
          assertThat(e.getMessage()).isEqualTo("Autodiscover server https://autodiscover.contoso.com/autodiscover/autodiscover.xml"
              + " answered with error 500: " + FORGED_SHOWN + " (the server does not know this address)");
          assertThat(e.trace().toOutlookStyleLog()).isEqualTo(log(AD, 200, "500: " + FORGED_SHOWN));
          assertThat(e.trace().toJson()).contains("\"errorMessage\":\"bad\\r\\nEWS URL: ");
        });
  }

  @Test
  void v2ErrorMessage_withEscapeSequencesAndBell_reachesNoTerminalRaw() {
    net.host("autodiscover.contoso.com").https().enqueue(Office365Test.json(400,
        "{\"ErrorCode\":\"InternalServerError\",\"ErrorMessage\":\"x\\u001b[2J\\u001b[32mOK\\u0007\"}"));

    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .protocol(ProtocolChoice.JSON_V2).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> {
          assertThat(attempt(e, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.ERROR_RESPONSE)
              .errorMessage()).hasValue("InternalServerError: x\u001b[2J\u001b[32mOK\u0007");
          assertThat(e.getMessage()).isEqualTo("No Autodiscover endpoint found for jan@contoso.com. v2 at " + V2_URL
              + " answered InternalServerError: x\\u001B[2J\\u001B[32mOK\\u0007");
          assertThat(e.trace().toOutlookStyleLog())
              .isEqualTo(log(V2_URL, 400, "?: InternalServerError: x\\u001B[2J\\u001B[32mOK\\u0007"));
          assertThat(e.trace().toJson())
              .contains("\"errorMessage\":\"InternalServerError: x\\u001B[2J\\u001B[32mOK\\u0007\"");
        });
  }

  /** The whole log of a run of the autodiscover-domain method alone whose one request got an error answer. */
  private static String log(String url, int status, String error) {
    return """
        SCP lookup skipped: excluded by the request (Outlook: ExcludeScpLookup)
        HTTPS root domain skipped: excluded by the request (Outlook: ExcludeHttpsRootDomain)
        Autodiscover to %1$s starting (HTTPS autodiscover domain, jan@contoso.com)
        GetLastError=0; httpStatus=%2$d.
        Autodiscover error %3$s
        Autodiscover to %1$s FAILED (0x800C8203)
        local XML skipped: excluded by the request (Outlook: PreferLocalXML)
        HTTP redirect skipped: excluded by the request (Outlook: ExcludeHttpRedirect)
        DNS SRV skipped: excluded by the request (Outlook: ExcludeSrvRecord)
        last known good URL skipped: excluded by the request (Outlook: ExcludeLastKnownGoodUrl)
        Office 365 endpoint skipped: excluded by the request (Outlook: ExcludeExplicitO365Endpoint)
        """.formatted(url, status, error);
  }
}
