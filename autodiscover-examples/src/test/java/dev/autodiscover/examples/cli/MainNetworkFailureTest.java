package dev.autodiscover.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.autodiscover.examples.demo.Responders;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.TlsMode;
import dev.autodiscover.testkit.VirtualNetwork;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line tool against broken networks: blackholes, tarpits, unknown hosts and bad certificates.
 * Every run must end in a typed failure within its time budget.
 */
class MainNetworkFailureTest {
  private static final String EMAIL = "pat.kowalski@fabrikam.com";
  private static final Duration MARGIN = Duration.ofMillis(1_500);

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

  private CliRun resolve(String email, String... extra) {
    return CliRun.resolveJson(network, tmp, Map.of(), email, extra);
  }

  /** Root domain blackholed; autodiscover host accepts, then never sends headers, on both schemes. */
  private void blackholeAndTarpit() {
    MockResponse tarpit = new MockResponse.Builder().code(200).headersDelay(60, TimeUnit.SECONDS).build();
    network.blackhole("fabrikam.com");
    network.host("autodiscover.fabrikam.com")
        .respondHttps(Responders.dispatcher(r -> tarpit))
        .respondHttp(Responders.dispatcher(r -> tarpit));
  }

  @Test
  void resolve_blackholeAndTarpitWithShortDeadline_exits8WithinDeadline() {
    blackholeAndTarpit();

    CliRun run = resolve(EMAIL, "--deadline", "2s", "--attempt-timeout", "10s");

    assertThat(run.exit()).as(run.toString()).isEqualTo(8);
    assertThat(run.json().at("/error/type").asText()).isEqualTo("timeout");
    assertThat(run.elapsed()).as(run.toString()).isLessThan(Duration.ofSeconds(2).plus(MARGIN));
  }

  @Test
  void resolve_blackholeAndTarpitWithShortAttemptTimeout_exits4WithinBudget() {
    blackholeAndTarpit();

    CliRun run = resolve(EMAIL, "--attempt-timeout", "500ms", "--retries", "0", "--deadline", "20s");

    assertThat(run.exit()).as(run.toString()).isEqualTo(4);
    assertThat(run.json().at("/error/type").asText()).isEqualTo("not-found");
    assertThat(run.outcomes()).contains("timeout");
    // Parallel: three attempts of 500 ms at once; sequential would be 1.5 s.
    assertThat(run.elapsed()).as(run.toString()).isLessThan(Duration.ofMillis(1_500).plus(MARGIN));
  }

  @Test
  void resolve_sequentialWithRetries_staysWithinDeadline() {
    blackholeAndTarpit();

    CliRun run = resolve(EMAIL, "--sequential", "--attempt-timeout", "1s", "--retries", "3", "--deadline", "2500ms");

    assertThat(run.exit()).as(run.toString()).isIn(4, 8);
    assertThat(run.elapsed()).as(run.toString()).isLessThan(Duration.ofMillis(2_500).plus(MARGIN));
  }

  @Test
  void resolve_unresolvableDomain_exits4() {
    CliRun run = resolve("nobody@nowhere-at-all.com", "--attempt-timeout", "2s");

    assertThat(run.exit()).as(run.toString()).isEqualTo(4);
    assertThat(run.json().at("/error/type").asText()).isEqualTo("not-found");
    assertThat(run.outcomes()).isNotEmpty().doesNotContain("settings", "timeout");
    assertThat(run.elapsed()).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void resolve_missingIntermediateCertificate_reportsTlsFailureAndExits4() {
    network.host("autodiscover.fabrikam.com", TlsMode.MISSING_INTERMEDIATE)
        .respondHttps(Responders.dispatcher(r -> PoxResponses.xml(
            PoxResponses.settingsXml("Pat", EMAIL, "https://mail.fabrikam.com/EWS/Exchange.asmx", null))))
        .respondHttp(Responders.dispatcher(r -> Responders.status(404)));

    CliRun run = resolve(EMAIL, "--attempt-timeout", "2s");

    assertThat(run.exit()).as(run.toString()).isEqualTo(4);
    assertThat(run.outcomes()).contains("tls-failure").doesNotContain("settings");
    assertThat(network.host("autodiscover.fabrikam.com", TlsMode.MISSING_INTERMEDIATE).https().getRequestCount())
        .as("no request may pass a failed handshake").isZero();
  }

  @Test
  void resolve_certificateNameMismatch_reportsTlsFailureAndExits4() {
    network.host("autodiscover.fabrikam.com", TlsMode.NAME_MISMATCH)
        .respondHttps(Responders.dispatcher(r -> PoxResponses.xml(
            PoxResponses.settingsXml("Pat", EMAIL, "https://mail.fabrikam.com/EWS/Exchange.asmx", null))))
        .respondHttp(Responders.dispatcher(r -> Responders.status(404)));

    CliRun run = resolve(EMAIL, "--attempt-timeout", "2s");

    assertThat(run.exit()).as(run.toString()).isEqualTo(4);
    assertThat(run.outcomes()).contains("tls-failure").doesNotContain("settings");
    assertThat(run.json().get("trace").toString()).contains("autodiscover.fabrikam.com");
  }

  @Test
  void resolve_withoutCaCert_doesNotTrustTheVirtualNetwork() {
    network.host("autodiscover.fabrikam.com")
        .respondHttps(Responders.dispatcher(r -> PoxResponses.xml(
            PoxResponses.settingsXml("Pat", EMAIL, "https://mail.fabrikam.com/EWS/Exchange.asmx", null))))
        .respondHttp(Responders.dispatcher(r -> Responders.status(404)));

    CliRun run = CliRun.run(Map.of(), "", "resolve", EMAIL, "--json", "--attempt-timeout", "2s",
        "--proxy", "127.0.0.1:" + network.proxyAddress().getPort());

    assertThat(run.exit()).as(run.toString()).isEqualTo(4);
    assertThat(run.outcomes()).contains("tls-failure");
  }
}
