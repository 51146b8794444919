package dev.autodiscover.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.autodiscover.testkit.DnsResponder;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.VirtualNetwork;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of methods 4 and 6 through the command-line tool: an environment where only the SRV record
 * leads to the server, and a local XML file that overrides discovery fourth and (preferred) first.
 */
class MainOtherMethodsTest {
  @TempDir Path tmp;
  private VirtualNetwork network;
  private DnsResponder dns;

  @BeforeEach
  void start() {
    network = VirtualNetwork.start();
    dns = DnsResponder.start();
  }

  @AfterEach
  void stop() {
    network.close();
    dns.close();
  }

  private CliRun resolve(String email, String... extra) {
    List<String> args = new ArrayList<>(List.of("resolve", email, "--json"));
    args.addAll(CliRun.networkArgs(network, tmp, dns));
    args.addAll(List.of(extra));
    return CliRun.run(Map.of(), "", args.toArray(String[]::new));
  }

  private static String settings(String user, String ews) {
    return PoxResponses.settingsXml("Eva", user, ews, null);
  }

  @Test
  void srvOnlyEnvironment_findsTheServerOfTheBestPriorityOnItsPort() {
    String srv = "_autodiscover._tcp.litware.com";
    dns.srv(srv, 20, 100, 443, "backup.litware.com.")
        .srv(srv, 10, 60, 8443, "mail.litware.com.")
        .srv(srv, 10, 40, 8443, "mail2.litware.com.");
    String ews = "https://mail.litware.com/EWS/Exchange.asmx";
    network.host("mail.litware.com").httpsPort(8443).respondHttps(
        dev.autodiscover.examples.demo.Responders.dispatcher(r -> PoxResponses.xml(settings("eva@litware.com", ews))));
    network.host("mail2.litware.com").httpsPort(8443).respondHttps(
        dev.autodiscover.examples.demo.Responders.dispatcher(r -> PoxResponses.xml(settings("eva@litware.com", ews))));
    network.host("backup.litware.com").respondHttps(dev.autodiscover.examples.demo.Responders.dispatcher(
        r -> PoxResponses.xml(settings("eva@litware.com", "https://backup.litware.com/EWS/Exchange.asmx"))));
    // litware.com and autodiscover.litware.com do not exist: the proxy answers 502 for them.

    CliRun run = resolve("eva@litware.com", "--attempt-timeout", "3s");

    assertThat(run.exit()).as(run.toString()).isZero();
    JsonNode json = run.json();
    assertThat(json.at("/ewsUrl").asText()).as(run.toString()).isEqualTo(ews);
    assertThat(json.at("/settings/method").asText()).isEqualTo("DNS_SRV");
    assertThat(json.at("/settings/endpoint").asText()).matches("https://mail2?\\.litware\\.com:8443/autodiscover/autodiscover\\.xml");
    assertThat(network.host("backup.litware.com").https().getRequestCount()).isZero();
    assertThat(run.out()).contains("candidates-found").contains(srv);
  }

  @Test
  void localXml_answersFourth_beforeTheHttpProbeThatWouldAlsoWork() throws Exception {
    Path file = tmp.resolve("contoso.xml");
    Files.writeString(file, settings("eva@contoso.com", "https://local.contoso.com/EWS/Exchange.asmx"));
    network.host("autodiscover.contoso.com").respondHttp(dev.autodiscover.examples.demo.Responders.dispatcher(
        r -> PoxResponses.redirect(302, "https://autodiscover-s.outlook.com/autodiscover/autodiscover.xml")))
        .respondHttps(dev.autodiscover.examples.demo.Responders.dispatcher(r -> dev.autodiscover.examples.demo.Responders.status(404)));
    network.host("autodiscover-s.outlook.com").respondHttps(dev.autodiscover.examples.demo.Responders.dispatcher(
        r -> PoxResponses.xml(settings("eva@contoso.com", "https://outlook.office365.com/EWS/Exchange.asmx"))));

    CliRun run = resolve("eva@contoso.com", "--sequential", "--local-xml", "contoso.com=" + file);

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.json().at("/settings/method").asText()).isEqualTo("LOCAL_XML");
    assertThat(run.json().at("/ewsUrl").asText()).isEqualTo("https://local.contoso.com/EWS/Exchange.asmx");
    assertThat(network.host("autodiscover.contoso.com").http().getRequestCount()).isZero();
  }

  @Test
  void preferLocalXml_overridesAWorkingServer() throws Exception {
    Path file = tmp.resolve("contoso.xml");
    Files.writeString(file, settings("eva@contoso.com", "https://local.contoso.com/EWS/Exchange.asmx"));
    network.host("contoso.com").respondHttps(dev.autodiscover.examples.demo.Responders.dispatcher(
        r -> PoxResponses.xml(settings("eva@contoso.com", "https://server.contoso.com/EWS/Exchange.asmx"))));

    CliRun run = resolve("eva@contoso.com", "--sequential", "--local-xml", "contoso.com=" + file, "--prefer-local-xml");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.json().at("/settings/method").asText()).isEqualTo("LOCAL_XML");
    assertThat(run.json().at("/ewsUrl").asText()).isEqualTo("https://local.contoso.com/EWS/Exchange.asmx");
    assertThat(network.host("contoso.com").https().getRequestCount()).isZero();
  }
}
