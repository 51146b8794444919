package dev.autodiscover.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.VirtualNetwork;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code resolve} against a hostile Autodiscover server whose error text forges a report line or drives the
 * terminal: the text output shows it escaped, {@code --json} carries it raw and correctly escaped.
 */
class MainHostileTextTest {
  private static final String AD = "https://autodiscover.contoso.com/autodiscover/autodiscover.xml";
  private static final String FORGED = "bad\r\nEWS URL: https://ews.fabrikam-evil.net/EWS/Exchange.asmx";
  private static final String TERMINAL = "\u001b[2J\u001b[32mOK\u0007\u202Etxt.exe";

  @TempDir Path tmp;
  private VirtualNetwork network;

  @BeforeEach
  void start() {
    network = VirtualNetwork.start();
  }

  @AfterEach
  void stop() {
    network.close();
  }

  private CliRun resolve(String protocol, boolean json) {
    List<String> args = new ArrayList<>(List.of("resolve", "jan@contoso.com", "--only", "HTTPS_AUTODISCOVER_DOMAIN",
        "--protocol", protocol));
    if (json) {
      args.add("--json");
    }
    args.addAll(CliRun.networkArgs(network, tmp));
    return CliRun.run(Map.of(), "", args.toArray(String[]::new));
  }

  private void poxError() {
    // A character reference, because an XML parser turns a literal CR LF into LF.
    network.host("autodiscover.contoso.com").https().enqueue(PoxResponses.xml(
        PoxResponses.errorXml(500, FORGED.replace("\r\n", "@CRLF@")).replace("@CRLF@", "&#13;&#10;")));
  }

  private void v2Error() {
    network.host("autodiscover.contoso.com").https().enqueue(new MockResponse.Builder().code(400)
        .addHeader("Content-Type", "application/json")
        .body("{\"ErrorCode\":\"InternalServerError\",\"ErrorMessage\":\"\\u001b[2J\\u001b[32mOK\\u0007\\u202Etxt.exe\"}")
        .build());
  }

  @Test
  void text_poxErrorMessage_forgesNoEwsUrlLine() {
    poxError();

    CliRun run = resolve("pox", false);

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCode.ERROR_RESPONSE.code());
    assertThat((run.out() + run.err()).lines()).noneMatch(line -> line.startsWith("EWS URL:"));
    assertThat(run.out() + run.err()).doesNotContain("\r");
    assertThat(run.out()).contains("Autodiscover error 500: bad\\u000D\\u000AEWS URL: https://ews.fabrikam-evil.net/EWS/"
        + "Exchange.asmx\n");
    assertThat(run.err()).isEqualTo("Error: AutodiscoverErrorResponseException: Autodiscover server " + AD
        + " answered with error 500: bad\\u000D\\u000AEWS URL: https://ews.fabrikam-evil.net/EWS/Exchange.asmx"
        + " (the server does not know this address)" + System.lineSeparator());
  }

  @Test
  void json_poxErrorMessage_isRawAndEscaped() {
    poxError();

    CliRun run = resolve("pox", true);

    JsonNode json = run.json();
    assertThat(json.at("/trace/2/errorMessage").asText()).isEqualTo(FORGED);
    assertThat(run.out()).contains("\"errorMessage\" : \"bad\\r\\nEWS URL: ").doesNotContain("\r");
  }

  @Test
  void text_v2ErrorMessage_sendsNoControlCharacterToTheTerminal() {
    v2Error();

    CliRun run = resolve("v2", false);

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCode.NOT_FOUND.code());
    String all = run.out() + run.err();
    assertThat(all).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202E");
    assertThat(run.out()).contains("Autodiscover error ?: InternalServerError: \\u001B[2J\\u001B[32mOK\\u0007"
        + "\\u202Etxt.exe\n");
    assertThat(run.err()).endsWith(" answered InternalServerError: \\u001B[2J\\u001B[32mOK\\u0007\\u202Etxt.exe"
        + System.lineSeparator());
  }

  @Test
  void json_v2ErrorMessage_isRawAndEscaped() {
    v2Error();

    CliRun run = resolve("v2", true);

    assertThat(run.json().at("/trace/2/errorMessage").asText()).isEqualTo("InternalServerError: " + TERMINAL);
    assertThat(run.out()).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202E")
        .contains("\"errorMessage\" : \"InternalServerError: \\u001B[2J\\u001B[32mOK\\u0007\\u202Etxt.exe\"");
  }
}
