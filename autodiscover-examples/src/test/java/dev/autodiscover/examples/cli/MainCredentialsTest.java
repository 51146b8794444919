package dev.autodiscover.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.autodiscover.examples.demo.ContosoDemoEnvironment;
import dev.autodiscover.examples.demo.Responders;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.VirtualNetwork;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials given to the tool never reach the plain-HTTP probe or an untrusted redirect host, and never
 * appear in its output.
 */
class MainCredentialsTest {
  private static final String EMAIL = "rosa.diaz@fabrikam.com";
  private static final String PASSWORD = "Tr0ub4dor&3-never-print-me";
  private static final String UNTRUSTED = "https://autodiscover.litware.com/autodiscover/autodiscover.xml";

  @TempDir Path tmp;
  private VirtualNetwork network;
  private final List<RecordedRequest> ownHttps = new CopyOnWriteArrayList<>();
  private final List<RecordedRequest> ownHttp = new CopyOnWriteArrayList<>();
  private final List<RecordedRequest> untrusted = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    network = VirtualNetwork.start();
    // The user's own HTTPS host challenges, and once authenticated points to an untrusted host.
    network.host("autodiscover.fabrikam.com")
        .respondHttps(Responders.recording(ownHttps, r -> r.getHeaders().get("Authorization") == null
            ? PoxResponses.unauthorized("Basic realm=\"fabrikam\"")
            : PoxResponses.xml(PoxResponses.redirectUrlXml(UNTRUSTED))))
        // The plain-HTTP probe answer also points to the untrusted host.
        .respondHttp(Responders.recording(ownHttp, r -> PoxResponses.redirect(302, UNTRUSTED)));
    // The untrusted host would love a password.
    network.host("autodiscover.litware.com")
        .respondHttps(Responders.recording(untrusted, r -> PoxResponses.unauthorized("Basic realm=\"litware\"")))
        .respondHttp(Responders.recording(untrusted, r -> Responders.status(404)));
  }

  @AfterEach
  void stop() {
    network.close();
  }

  private static List<String> authorizations(List<RecordedRequest> requests) {
    List<String> values = new ArrayList<>();
    for (RecordedRequest r : requests) {
      String value = r.getHeaders().get("Authorization");
      if (value != null) {
        values.add(r.getUrl() + " " + value);
      }
    }
    return values;
  }

  private void assertNoCredentialLeak(CliRun run) {
    assertThat(ownHttp).as("the plain-HTTP probe must have been sent").isNotEmpty();
    assertThat(authorizations(ownHttp)).as("Authorization on the plain-HTTP probe").isEmpty();
    assertThat(authorizations(untrusted)).as("Authorization sent to the untrusted redirect host").isEmpty();
    assertThat(run.out()).doesNotContain(PASSWORD);
    assertThat(run.err()).doesNotContain(PASSWORD);
  }

  @Test
  void resolve_withPasswordEnv_neverSendsAuthorizationToProbeOrUntrustedHost() {
    CliRun run = CliRun.resolveJson(network, tmp, Map.of("AD_PASSWORD", PASSWORD), EMAIL,
        "--user", "rosa.diaz@fabrikam.com", "--password-env", "AD_PASSWORD", "--attempt-timeout", "2s");

    assertThat(run.exit()).as(run.toString()).isIn(4, 5);
    run.json();
    assertNoCredentialLeak(run);
    // Where credentials are allowed (https, the user's own domain, after a challenge) they were used.
    assertThat(authorizations(ownHttps)).as(run.toString()).isNotEmpty().allMatch(a -> a.contains("Basic "));
  }

  @Test
  void resolve_withPasswordStdinAndPreAuth_neverSendsAuthorizationToProbeOrUntrustedHost() {
    List<String> args = new ArrayList<>(List.of("resolve", EMAIL, "--json", "--user", "rosa",
        "--password-stdin", "--pre-auth", "--attempt-timeout", "2s"));
    args.addAll(CliRun.networkArgs(network, tmp));

    CliRun run = CliRun.run(Map.of(), PASSWORD + "\n", args.toArray(String[]::new));

    assertThat(run.exit()).as(run.toString()).isIn(4, 5);
    run.json();
    assertNoCredentialLeak(run);
  }

  @Test
  void resolve_withTokenEnv_neverPrintsOrLeaksTheToken() {
    String token = "eyJ0eXAiOiJKV1QiLCJhbGciOi-secret-token";
    CliRun run = CliRun.resolveJson(network, tmp, Map.of("EXO_TOKEN", token), EMAIL,
        "--token-env", "EXO_TOKEN", "--attempt-timeout", "2s");

    assertThat(run.exit()).as(run.toString()).isIn(4, 5);
    assertThat(run.out()).doesNotContain(token);
    assertThat(run.err()).doesNotContain(token);
    assertThat(authorizations(ownHttp)).isEmpty();
    assertThat(authorizations(untrusted)).isEmpty();
  }

  @Test
  void resolve_successWithPasswordStdin_doesNotPrintPassword() {
    try (ContosoDemoEnvironment env = ContosoDemoEnvironment.start()) {
      List<String> args = new ArrayList<>(List.of("resolve", ContosoDemoEnvironment.ON_PREM_USER, "--user", "jan",
          "--password-stdin"));
      args.addAll(CliRun.networkArgs(env.network(), tmp));

      CliRun run = CliRun.run(Map.of(), PASSWORD + "\nsecond line is not read as a password\n",
          args.toArray(String[]::new));

      assertThat(run.exit()).as(run.toString()).isZero();
      assertThat(run.out()).contains("EWS URL: " + ContosoDemoEnvironment.ON_PREM_EXTERNAL_EWS);
      assertThat(run.out() + run.err()).doesNotContain(PASSWORD);
    }
  }
}
