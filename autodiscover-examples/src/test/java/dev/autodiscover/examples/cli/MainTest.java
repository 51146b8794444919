package dev.autodiscover.examples.cli;

import static dev.autodiscover.examples.demo.ContosoDemoEnvironment.BROKEN_AUTOMAP_USER;
import static dev.autodiscover.examples.demo.ContosoDemoEnvironment.HYBRID_CLOUD_ADDRESS;
import static dev.autodiscover.examples.demo.ContosoDemoEnvironment.HYBRID_USER;
import static dev.autodiscover.examples.demo.ContosoDemoEnvironment.OFFICE365_EWS;
import static dev.autodiscover.examples.demo.ContosoDemoEnvironment.ON_PREM_EXTERNAL_EWS;
import static dev.autodiscover.examples.demo.ContosoDemoEnvironment.ON_PREM_INTERNAL_EWS;
import static dev.autodiscover.examples.demo.ContosoDemoEnvironment.ON_PREM_USER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autodiscover.examples.demo.ContosoDemoEnvironment;
import dev.autodiscover.examples.demo.Responders;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.VirtualNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the command-line tool in-process: usage errors, and {@code --json} against the offline Contoso
 * environment plus extra virtual hosts per test.
 */
class MainTest {
  private static final String O365_AUTODISCOVER = ContosoDemoEnvironment.OFFICE365_AUTODISCOVER;

  @TempDir Path tmp;
  private ContosoDemoEnvironment env;
  private VirtualNetwork network;

  @BeforeEach
  void start() {
    env = ContosoDemoEnvironment.start();
    network = env.network();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private CliRun resolve(String email, String... extra) {
    return CliRun.resolveJson(network, tmp, Map.of(), email, extra);
  }

  // ---- usage ---------------------------------------------------------------------------------------------

  @Test
  void resolve_withUnknownOption_exits2AndNamesTheOption() {
    CliRun run = CliRun.run(Map.of(), "", "resolve", ON_PREM_USER, "--frobnicate");
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("unknown option: --frobnicate").contains("Usage:");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void resolve_withoutEmail_exits2AndPrintsOneJsonObjectWithUsageError() {
    CliRun run = CliRun.run(Map.of(), "", "resolve", "--json", "--deadline", "5s");
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("missing email address");
    JsonNode json = run.json();
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.at("/error/type").asText()).isEqualTo("usage");
    assertThat(json.at("/error/message").asText()).contains("missing email address");
  }

  @Test
  void resolve_withBadDuration_exits2AndNamesOptionAndValue() {
    CliRun run = CliRun.run(Map.of(), "", "resolve", ON_PREM_USER, "--attempt-timeout", "5x");
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("--attempt-timeout").contains("'5x'");
  }

  @Test
  void resolve_withBadMethodOrCountOrMissingValue_exits2() {
    assertThat(CliRun.run(Map.of(), "", "resolve", ON_PREM_USER, "--only", "smtp").err())
        .contains("unknown discovery method 'smtp'");
    assertThat(CliRun.run(Map.of(), "", "resolve", ON_PREM_USER, "--retries", "eleven").exit()).isEqualTo(2);
    assertThat(CliRun.run(Map.of(), "", "resolve", ON_PREM_USER, "--max-redirects", "51").exit()).isEqualTo(2);
    assertThat(CliRun.run(Map.of(), "", "resolve", ON_PREM_USER, "--deadline").err())
        .contains("option --deadline needs a value");
    assertThat(CliRun.run(Map.of(), "", "resolve", ON_PREM_USER, "--ca-cert", tmp.resolve("none.pem").toString())
        .err()).contains("--ca-cert: cannot read");
  }

  @Test
  void resolve_withUserButNoPasswordSource_exits2WithoutPrintingSecrets() {
    CliRun noSource = CliRun.run(Map.of(), "", "resolve", ON_PREM_USER, "--user", "jan");
    assertThat(noSource.exit()).isEqualTo(2);
    assertThat(noSource.err()).contains("--user needs --password-env VAR or --password-stdin");

    CliRun unset = CliRun.run(Map.of(), "", "resolve", ON_PREM_USER, "--user", "jan", "--password-env", "AD_PW");
    assertThat(unset.exit()).isEqualTo(2);
    assertThat(unset.err()).contains("environment variable AD_PW is not set");
  }

  @Test
  void help_exits0AndDocumentsExitCodes() {
    CliRun run = CliRun.run(Map.of(), "", "resolve", "--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("--attempt-timeout").contains("Exit codes:").contains("8  overall deadline");
    assertThat(CliRun.run(Map.of(), "").exit()).isEqualTo(2);
    assertThat(CliRun.run(Map.of(), "", "frobnicate").err()).contains("unknown command: frobnicate");
  }

  @Test
  void resolve_withInvalidAddress_exits3() {
    CliRun run = CliRun.run(Map.of(), "", "resolve", "not-an-address", "--json");
    assertThat(run.exit()).as(run.toString()).isEqualTo(3);
    assertThat(run.json().at("/error/type").asText()).isEqualTo("invalid-address");
    assertThat(run.json().get("trace").isArray()).isTrue();
  }

  // ---- successful discovery ------------------------------------------------------------------------------

  @Test
  void resolve_onPremises_printsSettingsAsOneJsonObject() {
    CliRun run = resolve(ON_PREM_USER);

    assertThat(run.exit()).as(run.toString()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("email").asText()).isEqualTo(ON_PREM_USER);
    assertThat(json.get("ok").asBoolean()).isTrue();
    assertThat(json.get("ewsUrl").asText()).isEqualTo(ON_PREM_EXTERNAL_EWS);
    assertThat(json.get("error").isNull()).isTrue();
    JsonNode settings = json.get("settings");
    assertThat(settings.get("displayName").asText()).isEqualTo("Jan Novak");
    assertThat(settings.get("finalAddress").asText()).isEqualTo(ON_PREM_USER);
    assertThat(settings.get("method").asText()).isEqualTo("HTTPS_AUTODISCOVER_DOMAIN");
    assertThat(settings.get("endpoint").asText())
        .isEqualTo("https://autodiscover.contoso.com/autodiscover/autodiscover.xml");
    assertThat(settings.at("/ewsUrl/location").asText()).isEqualTo("EXTERNAL");
    assertThat(settings.at("/ewsUrl/protocolType").asText()).isEqualTo("EXPR");
    assertThat(settings.get("internalEwsUrl").asText()).isEqualTo(ON_PREM_INTERNAL_EWS);
    assertThat(settings.get("protocols").findValuesAsText("type")).contains("EXCH", "EXPR");
    assertThat(settings.get("alternativeMailboxes").isArray()).isTrue();
    JsonNode trace = json.get("trace");
    assertThat(trace.isArray()).isTrue();
    assertThat(trace.get(0).has("method")).isTrue();
    assertThat(run.outcomes()).contains("not-found", "settings"); // the web site's HTML page, then the answer
  }

  @Test
  void resolve_onPremisesAsText_printsLogThenEwsUrlLines() {
    List<String> args = new ArrayList<>(List.of("resolve", ON_PREM_USER));
    args.addAll(CliRun.networkArgs(network, tmp));
    CliRun run = CliRun.run(Map.of(), "", args.toArray(String[]::new));

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("Autodiscover to https://autodiscover.contoso.com/autodiscover/autodiscover.xml starting")
        .contains("\n\nEWS URL: " + ON_PREM_EXTERNAL_EWS + " (EXTERNAL, from EXPR)\n")
        .contains("Endpoint: https://autodiscover.contoso.com/autodiscover/autodiscover.xml\n")
        .contains("Method: HTTPS_AUTODISCOVER_DOMAIN")
        .contains("Final address: " + ON_PREM_USER);
  }

  @Test
  void resolve_httpRedirectProbeToOffice365_followsToMicrosoftHost() {
    String email = "omar.haddad@fabrikam.com";
    network.host("autodiscover.fabrikam.com")
        .respondHttps(Responders.dispatcher(r -> Responders.status(404)))
        .respondHttp(Responders.dispatcher(r -> PoxResponses.redirect(302, O365_AUTODISCOVER)));
    network.host("autodiscover-s.outlook.com").respondHttps(Responders.dispatcher(r -> Responders.asksFor(r, email)
        ? PoxResponses.xml(PoxResponses.settingsXml("Omar Haddad", email, OFFICE365_EWS, OFFICE365_EWS))
        : PoxResponses.xml(PoxResponses.errorXml(500, "The email address can't be found."))));

    CliRun run = resolve(email, "--attempt-timeout", "2s");

    assertThat(run.exit()).as(run.toString()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("ewsUrl").asText()).isEqualTo(OFFICE365_EWS);
    assertThat(json.at("/settings/method").asText()).isEqualTo("HTTP_REDIRECT");
    assertThat(json.at("/settings/endpoint").asText()).isEqualTo(O365_AUTODISCOVER);
    assertThat(run.outcomes()).contains("http-redirect", "settings");
  }

  @Test
  void resolve_hybridRedirectAddr_endsOnTheOnmicrosoftAddress() {
    CliRun run = resolve(HYBRID_USER, "--attempt-timeout", "1s", "--retries", "0");

    assertThat(run.exit()).as(run.toString()).isZero();
    JsonNode json = run.json();
    assertThat(json.at("/settings/finalAddress").asText()).isEqualTo(HYBRID_CLOUD_ADDRESS);
    assertThat(json.get("ewsUrl").asText()).isEqualTo(OFFICE365_EWS);
    // The cloud domain's HTTPS hosts never answer TLS: presumed unreachable once the probe path answered.
    assertThat(run.outcomes()).contains("redirect-address", "cancelled", "http-redirect", "settings");
    assertThat(run.out()).contains("presumed unreachable: no TLS answer");
  }

  @Test
  void resolve_redirectUrlToTrustedHost_followsIt() {
    String email = "kim.ito@fabrikam.com";
    String hosted = "https://autodiscover.litware.com/autodiscover/autodiscover.xml";
    network.host("autodiscover.fabrikam.com")
        .respondHttps(Responders.dispatcher(r -> PoxResponses.xml(PoxResponses.redirectUrlXml(hosted))))
        .respondHttp(Responders.dispatcher(r -> Responders.status(404)));
    network.host("autodiscover.litware.com")
        .respondHttps(Responders.dispatcher(r -> PoxResponses.xml(
            PoxResponses.settingsXml("Kim Ito", email, "https://mail.litware.com/EWS/Exchange.asmx", null))))
        .respondHttp(Responders.dispatcher(r -> Responders.status(404)));

    CliRun refused = resolve(email);
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.outcomes()).contains("redirect-url", "rejected-by-trust-policy");

    CliRun run = resolve(email, "--trust-host", "autodiscover.litware.com");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.json().get("ewsUrl").asText()).isEqualTo("https://mail.litware.com/EWS/Exchange.asmx");
    // mail.litware.com is neither in fabrikam.com nor a trusted host: the caller is told before sending credentials.
    assertThat(run.json().get("ewsUrlOutsideTrustedDomains").asBoolean()).isTrue();
    assertThat(run.json().at("/settings/endpoint").asText()).isEqualTo(hosted);
    assertThat(run.outcomes()).contains("redirect-url", "settings");
  }

  @Test
  void resolve_privateDomain_isRefusedUntilNamed_thenDiscovered() {
    String email = "jan@corp.contoso.test";
    network.host("corp.contoso.test").respondHttps(Responders.dispatcher(r -> Responders.status(404)));
    network.host("autodiscover.corp.contoso.test")
        .respondHttps(Responders.dispatcher(r -> PoxResponses.xml(
            PoxResponses.settingsXml("Jan", email, "https://mail.corp.contoso.test/EWS/Exchange.asmx", null))))
        .respondHttp(Responders.dispatcher(r -> Responders.status(404)));

    CliRun refused = resolve(email);
    assertThat(refused.exit()).as(refused.toString()).isNotZero();
    assertThat(refused.err()).contains("privateDomains(\"contoso.test\")");

    CliRun run = resolve(email, "--private-domain", "contoso.test");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.json().get("ewsUrlOutsideTrustedDomains").asBoolean()).isFalse();
    assertThat(run.json().get("ewsUrl").asText()).isEqualTo("https://mail.corp.contoso.test/EWS/Exchange.asmx");

    CliRun publicSuffix = resolve(email, "--private-domain", "co.uk");
    assertThat(publicSuffix.exit()).as(publicSuffix.toString()).isEqualTo(2);
    assertThat(publicSuffix.err()).contains("'co.uk' is a public suffix, not a private domain");
  }

  // ---- failures ------------------------------------------------------------------------------------------

  @Test
  void resolve_errorCode603_exits6WithErrorCode() {
    CliRun run = resolve(BROKEN_AUTOMAP_USER);

    assertThat(run.exit()).as(run.toString()).isEqualTo(6);
    JsonNode json = run.json();
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.get("settings").isNull()).isTrue();
    assertThat(json.at("/error/type").asText()).isEqualTo("error-response");
    assertThat(json.at("/error/errorCode").asInt()).isEqualTo(603);
    assertThat(run.outcomes()).contains("error-response");
    assertThat(run.err()).contains("Error: AutodiscoverErrorResponseException: ");
  }

  @Test
  void resolve_redirectAddrLoop_exits7() {
    String a = "ana@litware.com";
    String b = "bo@litware.com";
    network.host("autodiscover.litware.com")
        .respondHttps(Responders.dispatcher(r -> PoxResponses.xml(
            PoxResponses.redirectAddrXml(Responders.asksFor(r, a) ? b : a))))
        .respondHttp(Responders.dispatcher(r -> Responders.status(404)));

    CliRun run = resolve(a);

    assertThat(run.exit()).as(run.toString()).isEqualTo(7);
    assertThat(run.json().at("/error/type").asText()).isEqualTo("redirect");
    assertThat(run.json().at("/error/reason").asText()).isIn("loop", "limit-exceeded");
  }

  @Test
  void resolve_redirectChainLongerThanMaxRedirects_exits7WithLimitExceeded() {
    network.host("autodiscover.litware.com")
        .respondHttps(Responders.dispatcher(r -> {
          for (int i = 0; i < 20; i++) {
            if (Responders.asksFor(r, "u" + i + "@litware.com")) {
              return PoxResponses.xml(PoxResponses.redirectAddrXml("u" + (i + 1) + "@litware.com"));
            }
          }
          return Responders.status(500);
        }))
        .respondHttp(Responders.dispatcher(r -> Responders.status(404)));

    CliRun run = resolve("u0@litware.com", "--max-redirects", "3");

    assertThat(run.exit()).as(run.toString()).isEqualTo(7);
    assertThat(run.json().at("/error/reason").asText()).isEqualTo("limit-exceeded");
    assertThat(run.json().at("/error/chain").size()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void resolve_onlyAndSequential_mapToTheRequest() {
    CliRun run = resolve(ON_PREM_USER, "--only", "HTTPS-Autodiscover-Domain,http_redirect", "--exclude",
        "http-redirect", "--sequential");

    assertThat(run.exit()).as(run.toString()).isZero();
    JsonNode trace = run.json().get("trace");
    List<String> excluded = new ArrayList<>();
    trace.forEach(a -> {
      if (a.path("outcome").asText().equals("excluded")) {
        excluded.add(a.path("method").asText());
      }
    });
    assertThat(excluded).contains("SCP", "HTTPS_ROOT_DOMAIN", "HTTP_REDIRECT").doesNotContain("HTTPS_AUTODISCOVER_DOMAIN");
    assertThat(run.json().at("/settings/method").asText()).isEqualTo("HTTPS_AUTODISCOVER_DOMAIN");
  }

  @Test
  void resolve_textModeFailure_printsLogOnStdoutAndErrorOnStderr() {
    List<String> args = new ArrayList<>(List.of("resolve", BROKEN_AUTOMAP_USER));
    args.addAll(CliRun.networkArgs(network, tmp));
    CliRun run = CliRun.run(Map.of(), "", args.toArray(String[]::new));

    assertThat(run.exit()).as(run.toString()).isEqualTo(6);
    assertThat(run.out()).contains("Autodiscover error 603");
    assertThat(run.err()).startsWith("Error: AutodiscoverErrorResponseException: ");
  }
}
