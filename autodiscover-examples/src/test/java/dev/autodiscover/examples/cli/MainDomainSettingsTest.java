package dev.autodiscover.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.SoapResponses;
import dev.autodiscover.testkit.VirtualNetwork;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code domain-settings} in-process against a virtual contoso.com that speaks POX and SOAP. */
class MainDomainSettingsTest {
  private static final String EWS = "https://mail.contoso.com/EWS/Exchange.asmx";

  @TempDir Path tmp;
  private VirtualNetwork network;
  private final AtomicReference<String> soapBody = new AtomicReference<>();
  private volatile String domainResponse;

  @BeforeEach
  void start() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("ExternalEwsUrl", EWS);
    values.put("ExternalEwsVersion", "15.01.2507.006");
    domainResponse = SoapResponses.domainSettings(values);
    network = VirtualNetwork.start();
    network.host("autodiscover.contoso.com").respondHttps(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getUrl().encodedPath().toLowerCase().endsWith("/autodiscover.xml")) {
          return PoxResponses.xml(PoxResponses.settingsXml("Jan", "jan@contoso.com", EWS, null));
        }
        soapBody.set(request.getBody().utf8());
        return SoapResponses.xml(SoapResponses.domainResponses(domainResponse));
      }
    });
  }

  @AfterEach
  void stop() {
    network.close();
  }

  private CliRun domainSettings(String... extra) {
    List<String> args = new ArrayList<>(List.of("domain-settings", "jan@contoso.com", "--only",
        "https-autodiscover-domain"));
    args.addAll(CliRun.networkArgs(network, tmp));
    args.addAll(List.of(extra));
    return CliRun.run(Map.of(), "", args.toArray(String[]::new));
  }

  @Test
  void domainSettings_json_printsTheSettingsEndpointAndTrace_exit0() {
    CliRun run = domainSettings("--json");

    assertThat(run.exit()).as(run.toString()).isZero();
    JsonNode json = run.json();
    assertThat(json.path("ok").asBoolean()).isTrue();
    assertThat(json.path("domain").asText()).isEqualTo("contoso.com");
    assertThat(json.path("endpoint").asText()).isEqualTo("https://autodiscover.contoso.com/autodiscover/autodiscover.svc");
    assertThat(json.path("settings").path("ExternalEwsUrl").asText()).isEqualTo(EWS);
    assertThat(json.path("settings").path("ExternalEwsVersion").asText()).isEqualTo("15.01.2507.006");
    assertThat(run.outcomes()).filteredOn(o -> !o.equals("excluded")).containsExactly("settings", "settings");
    assertThat(soapBody.get()).contains("<a:Setting>ExternalEwsUrl</a:Setting>")
        .contains("<a:Setting>ExternalEwsVersion</a:Setting>").contains("<a:Domain>contoso.com</a:Domain>");
  }

  @Test
  void domainSettings_text_withOneSetting_asksOnlyForIt_exit0() {
    CliRun run = domainSettings("--setting", "external-ews-url");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains("Endpoint: https://autodiscover.contoso.com/autodiscover/autodiscover.svc")
        .contains("ExternalEwsUrl: " + EWS);
    assertThat(soapBody.get()).contains("<a:Setting>ExternalEwsUrl</a:Setting>")
        .doesNotContain("<a:Setting>ExternalEwsVersion</a:Setting>");
  }

  @Test
  void domainSettings_invalidDomain_exit6WithTheSoapErrorCode() {
    domainResponse = SoapResponses.domainError("InvalidDomain", "Not served here.");

    CliRun run = domainSettings("--json");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCode.ERROR_RESPONSE.code());
    JsonNode error = run.json().path("error");
    assertThat(error.path("type").asText()).isEqualTo("error-response");
    assertThat(error.path("soapErrorCode").asText()).isEqualTo("InvalidDomain");
  }

  @Test
  void domainSettings_unknownSetting_isAUsageError() {
    CliRun run = CliRun.run(Map.of(), "", "domain-settings", "jan@contoso.com", "--setting", "Nonsense");

    assertThat(run.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(run.err()).contains("unknown domain setting 'Nonsense'").contains("ExternalEwsUrl");
  }

  @Test
  void domainSettings_text_showsAHostileValueEscaped() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("ExternalEwsUrl", EWS);
    values.put("ExternalEwsVersion", "15@CRLF@EWS URL: https://ews.fabrikam-evil.net/EWS/Exchange.asmx\u202E");
    domainResponse = SoapResponses.domainSettings(values).replace("@CRLF@", "&#13;&#10;");

    CliRun run = domainSettings();

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out().lines()).noneMatch(line -> line.startsWith("EWS URL:"));
    assertThat(run.out()).doesNotContain("\r").doesNotContain("\u202E").endsWith("\nExternalEwsUrl: " + EWS
        + "\nExternalEwsVersion: 15\\u000D\\u000AEWS URL: https://ews.fabrikam-evil.net/EWS/Exchange.asmx\\u202E\n");
  }
}
