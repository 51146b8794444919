package dev.autodiscover.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autodiscover.examples.demo.Responders;
import dev.autodiscover.testkit.DirectoryForest;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.VirtualNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of method 1 (SCP, protocol.md §2.3) through the command-line tool: an account forest reached with
 * {@code --ad-server} whose pointer {@code Domain=contoso.com} leads to a resource forest that publishes the
 * Autodiscover URLs, one scoped to site London, one without a site and one scoped to Tokyo. Each URL's server
 * answers something different, so the EWS URL shows which one won.
 */
class MainScpTest {
  private static final String EMAIL = "eva@contoso.com";
  private static final String LONDON_URL = "https://lon-cas.contoso.com/Autodiscover/Autodiscover.xml";
  private static final String UNSCOPED_URL = "https://mail.contoso.com/Autodiscover/Autodiscover.xml";
  private static final String TOKYO_URL = "https://tyo-cas.contoso.com/Autodiscover/Autodiscover.xml";
  private static final String ACCOUNT_URL = "https://ex01.corp.contoso.com/Autodiscover/Autodiscover.xml";
  private static final String LONDON_EWS = "https://lon-cas.contoso.com/EWS/Exchange.asmx";
  private static final String UNSCOPED_EWS = "https://mail.contoso.com/EWS/Exchange.asmx";
  private static final String ACCOUNT_EWS = "https://ex01.corp.contoso.com/EWS/Exchange.asmx";
  // Short budgets: every failure in these environments is immediate (502, refused port), so nothing waits them out.
  private static final List<String> FAST = List.of("--attempt-timeout", "1s", "--deadline", "5s");

  @TempDir Path tmp;
  private VirtualNetwork network;
  private DirectoryForest account;
  private DirectoryForest resource;
  private String pointerDn;
  private String londonDn;
  private String unscopedDn;
  private String tokyoDn;

  @BeforeEach
  void start() {
    network = VirtualNetwork.start();
    account = DirectoryForest.start("dc1.corp.contoso.com", "DC=corp,DC=contoso,DC=com");
    resource = DirectoryForest.start("dc1.fabrikam.net", "DC=fabrikam,DC=net");
    // The account forest has an Exchange server of its own, but the pointer for contoso.com overrides it.
    account.addScpUrl("EX01", ACCOUNT_URL);
    pointerDn = account.addScpPointer("Resource forest", resource.url().replace("ldap://", "LDAP://"),
        "Domain=contoso.com");
    tokyoDn = resource.addScpUrl("TYO-EX01", TOKYO_URL, "Site=Tokyo");
    unscopedDn = resource.addScpUrl("MAIL", UNSCOPED_URL);
    londonDn = resource.addScpUrl("LON-EX01", LONDON_URL, "Site=London");
    answer("lon-cas.contoso.com", LONDON_EWS);
    answer("mail.contoso.com", UNSCOPED_EWS);
    answer("ex01.corp.contoso.com", ACCOUNT_EWS);
    network.host("tyo-cas.contoso.com").respondHttps(Responders.dispatcher(r -> Responders.status(500)));
    // contoso.com and autodiscover.contoso.com do not exist (the proxy answers 502), and DNS knows no names.
  }

  @AfterEach
  void stop() {
    network.close();
    account.close();
    resource.close();
  }

  private void answer(String host, String ews) {
    network.host(host).respondHttps(Responders.dispatcher(
        r -> PoxResponses.xml(PoxResponses.settingsXml("Eva", EMAIL, ews, null))));
  }

  private CliRun resolve(Map<String, String> env, String... extra) {
    List<String> args = new ArrayList<>(List.of("resolve", EMAIL, "--json"));
    args.addAll(CliRun.networkArgs(network, tmp));
    args.addAll(FAST);
    args.addAll(List.of(extra));
    CliRun run = CliRun.run(env, "", args.toArray(String[]::new));
    // Runs take well under a second here; the bound is generous so a loaded machine cannot flake, yet it still
    // fails a run that waited for the 5 s deadline.
    assertThat(run.elapsed()).as(run.toString()).isLessThan(Duration.ofSeconds(4));
    return run;
  }

  private int requests(String host) {
    return network.host(host).https().getRequestCount();
  }

  /** The one SCP attempt that read the directory (the one with inputs). */
  private static JsonNode scpLookup(CliRun run) {
    List<JsonNode> lookups = new ArrayList<>();
    run.json().get("trace").forEach(a -> {
      if (a.path("method").asText().equals("SCP") && a.has("inputs")) {
        lookups.add(a);
      }
    });
    assertThat(lookups).as(run.toString()).hasSize(1);
    return lookups.get(0);
  }

  private static List<String> inputs(JsonNode attempt) {
    List<String> lines = new ArrayList<>();
    attempt.get("inputs").forEach(l -> lines.add(l.asText()));
    return lines;
  }

  /** The URLs of the SCP attempts that POSTed to an endpoint, in order. */
  private static List<String> scpPosts(CliRun run) {
    List<String> urls = new ArrayList<>();
    run.json().get("trace").forEach(a -> {
      if (a.path("method").asText().equals("SCP") && a.path("httpMethod").asText().equals("POST")) {
        urls.add(a.path("url").asText());
      }
    });
    return urls;
  }

  @Test
  void twoForests_resolveThroughThePointer_andTheClientsSiteWins() {
    CliRun run = resolve(Map.of(), "--ad-server", account.url(), "--ad-site", "London");

    assertThat(run.exit()).as(run.toString()).isZero();
    JsonNode json = run.json();
    assertThat(json.at("/ewsUrl").asText()).as(run.toString()).isEqualTo(LONDON_EWS);
    assertThat(json.at("/settings/method").asText()).isEqualTo("SCP");
    assertThat(json.at("/settings/endpoint").asText()).isEqualTo(LONDON_URL);

    JsonNode lookup = scpLookup(run);
    assertThat(lookup.path("outcome").asText()).isEqualTo("candidates-found");
    assertThat(lookup.path("url").asText()).isEqualTo(account.url());
    List<String> inputs = inputs(lookup);
    assertThat(inputs).anySatisfy(l -> assertThat(l).startsWith("LDAP " + account.url()));
    assertThat(inputs).anySatisfy(l -> assertThat(l).contains(pointerDn).contains("Domain=contoso.com matches"));
    assertThat(inputs).anySatisfy(l -> assertThat(l).contains("SCP hop 1").contains(resource.url()));
    assertThat(inputs).anySatisfy(l -> assertThat(l).startsWith("LDAP " + resource.url()));
    assertThat(inputs).anySatisfy(l -> assertThat(l).contains(londonDn).contains("bucket 1"));
    assertThat(inputs).anySatisfy(l -> assertThat(l).contains(unscopedDn).contains("bucket 2"));
    assertThat(inputs).anySatisfy(l -> assertThat(l).contains(tokyoDn).contains("bucket 3"));
    // The account forest's own URL was discarded, never ranked.
    assertThat(inputs).noneSatisfy(l -> assertThat(l).contains(ACCOUNT_URL));

    assertThat(account.requests()).anySatisfy(r -> assertThat(r).endsWith(" search " + account.configurationDn()));
    assertThat(resource.requests()).anySatisfy(r -> assertThat(r).endsWith(" search " + resource.configurationDn()));
    assertThat(scpPosts(run)).containsExactly(LONDON_URL);
    assertThat(requests("lon-cas.contoso.com")).isEqualTo(1);
    assertThat(requests("mail.contoso.com")).isZero();
    assertThat(requests("tyo-cas.contoso.com")).isZero();
    assertThat(requests("ex01.corp.contoso.com")).isZero();
  }

  @Test
  void withoutSite_theUrlWithoutSiteKeywordIsTriedFirst() {
    CliRun run = resolve(Map.of(), "--ad-server", account.url());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.json().at("/ewsUrl").asText()).as(run.toString()).isEqualTo(UNSCOPED_EWS);
    assertThat(run.json().at("/settings/method").asText()).isEqualTo("SCP");
    assertThat(scpPosts(run)).containsExactly(UNSCOPED_URL);
    List<String> inputs = inputs(scpLookup(run));
    assertThat(inputs).anySatisfy(l -> assertThat(l).contains(londonDn).contains("bucket 3")
        .contains("client site unknown"));
    assertThat(requests("lon-cas.contoso.com")).isZero();
    assertThat(requests("tyo-cas.contoso.com")).isZero();
  }

  @Test
  void siteUrlThatFails_fallsBackToTheNextUrlInOrder() {
    CliRun run = resolve(Map.of(), "--ad-server", account.url(), "--ad-site", "Tokyo");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.json().at("/ewsUrl").asText()).as(run.toString()).isEqualTo(UNSCOPED_EWS);
    assertThat(scpPosts(run)).containsExactly(TOKYO_URL, UNSCOPED_URL);
    assertThat(requests("tyo-cas.contoso.com")).isEqualTo(1);
    assertThat(requests("lon-cas.contoso.com")).isZero();
  }

  @Test
  void deadFirstDirectoryServer_isSkipped() throws IOException {
    String dead = "ldap://dc2.corp.contoso.com:" + closedPort();

    CliRun run = resolve(Map.of(), "--ad-server", dead, "--ad-server", account.url(), "--ad-site", "London");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.json().at("/ewsUrl").asText()).as(run.toString()).isEqualTo(LONDON_EWS);
    List<String> inputs = inputs(scpLookup(run));
    assertThat(inputs).anySatisfy(l -> assertThat(l).startsWith("LDAP " + dead + ": not reachable, skipped"));
    assertThat(inputs).anySatisfy(l -> assertThat(l).contains(pointerDn));
  }

  @Test
  void bindDnOverPlainLdapWithoutStartTls_isRefusedBeforeAnythingIsSent() {
    String password = "Corr3ct-H0rse!";

    CliRun run = resolve(Map.of("AD_PASSWORD", password), "--ad-server", account.url(),
        "--ad-bind-dn", account.bindDn(), "--ad-password-env", "AD_PASSWORD", "--only", "scp");

    assertThat(run.exit()).as(run.toString()).isNotZero();
    JsonNode lookup = scpLookup(run);
    assertThat(lookup.path("outcome").asText()).isEqualTo("auth-failed");
    assertThat(lookup.path("detail").asText()).contains("clear text").contains("ldaps://").contains("StartTLS")
        .doesNotContain("gave no answer");
    assertThat(account.requests()).isEmpty();
    assertThat(resource.requests()).isEmpty();
    assertThat(scpPosts(run)).isEmpty();
    assertThat(run.out() + run.err()).doesNotContain(password);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
