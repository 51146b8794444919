package dev.autodiscover.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.autodiscover.examples.demo.Responders;
import dev.autodiscover.testkit.DnsResponder;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.SoapResponses;
import dev.autodiscover.testkit.VirtualNetwork;
import com.fasterxml.jackson.databind.JsonNode;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code resolve --protocol pox|soap|v2|auto} against a server that speaks all three. */
class MainProtocolTest {
  private static final String EWS = "https://mail.contoso.com/EWS/Exchange.asmx";
  @TempDir Path tmp;
  private VirtualNetwork network;
  private DnsResponder dns;

  @BeforeEach
  void start() {
    network = VirtualNetwork.start();
    dns = DnsResponder.start();
    network.host("autodiscover.contoso.com").respondHttps(Responders.dispatcher(r -> {
      String path = r.getUrl().encodedPath().toLowerCase(Locale.ROOT);
      if (path.endsWith("/autodiscover.svc")) {
        return SoapResponses.xml(SoapResponses.userResponses(
            SoapResponses.userSettings("Jan", "jan@contoso.com", EWS, null)));
      }
      if (path.startsWith("/autodiscover/autodiscover.json")) {
        return new mockwebserver3.MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
            .body("{\"Protocol\":\"EWS\",\"Url\":\"" + EWS + "\"}").build();
      }
      return PoxResponses.xml(PoxResponses.settingsXml("Jan", "jan@contoso.com", EWS, null));
    }));
  }

  @AfterEach
  void stop() {
    network.close();
    dns.close();
  }

  private CliRun resolve(String... extra) {
    List<String> args = new ArrayList<>(List.of("resolve", "jan@contoso.com", "--json", "--only", "HTTPS_AUTODISCOVER_DOMAIN"));
    args.addAll(CliRun.networkArgs(network, tmp, dns));
    args.addAll(List.of(extra));
    return CliRun.run(Map.of(), "", args.toArray(String[]::new));
  }

  private List<String> requests() throws InterruptedException {
    List<String> all = new ArrayList<>();
    RecordedRequest r;
    while ((r = network.host("autodiscover.contoso.com").https().takeRequest(10,
        java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
      all.add(r.getMethod() + " " + r.getUrl().encodedPath());
    }
    return all;
  }

  @Test
  void eachChoice_speaksItsProtocol_andTheReportSaysWhichAnswered() throws Exception {
    for (String[] c : new String[][] {
        {"soap", "SOAP", "POST /autodiscover/autodiscover.svc"},
        {"pox", "POX", "POST /autodiscover/autodiscover.xml"},
        {"auto", "POX", "POST /autodiscover/autodiscover.xml"},
        {"v2", "JSON_V2", "GET /autodiscover/autodiscover.json/v1.0/jan@contoso.com"}}) {
      CliRun run = resolve("--protocol", c[0]);

      assertThat(run.exit()).as(run.toString()).isZero();
      JsonNode json = run.json();
      assertThat(json.at("/ewsUrl").asText()).as(run.toString()).isEqualTo(EWS);
      assertThat(json.at("/settings/protocol").asText()).as(c[0]).isEqualTo(c[1]);
      assertThat(json.at("/settings/userSettings/ExternalEwsUrl").asText()).isEqualTo(EWS);
      assertThat(requests()).as(c[0]).containsExactly(c[2]);
    }
  }

  @Test
  void v2Protocol_asksForThatProtocolsUrl() throws Exception {
    CliRun run = resolve("--protocol", "v2", "--v2-protocol", "activesync");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.json().at("/settings/v2Url").asText()).isEqualTo(EWS);
    assertThat(network.host("autodiscover.contoso.com").https().takeRequest().getUrl().query())
        .isEqualTo("Protocol=ActiveSync");
  }

  @Test
  void unknownProtocol_isAUsageErrorNamingTheChoices() {
    CliRun run = resolve("--protocol", "mapi");

    assertThat(run.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(run.err()).contains("--protocol").contains("auto, pox, soap or v2");
  }
}
