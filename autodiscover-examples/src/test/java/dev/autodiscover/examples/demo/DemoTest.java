package dev.autodiscover.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import dev.autodiscover.AutodiscoverErrorResponseException;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.examples.cli.Main;
import org.junit.jupiter.api.Test;

/** The {@code demo} command and the environment behind it. */
class DemoTest {
  @Test
  void demo_allScenariosAsExpected_exits0() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long start = System.nanoTime();
    int exit = Main.run(new String[] {"demo"}, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of());
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(text + err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(text)
        .contains("=== Resolving " + ContosoDemoEnvironment.ON_PREM_USER)
        .contains("EWS URL: " + ContosoDemoEnvironment.ON_PREM_EXTERNAL_EWS + " (EXTERNAL, from EXPR)")
        .contains("Final address: " + ContosoDemoEnvironment.HYBRID_CLOUD_ADDRESS)
        .contains("Error: AutodiscoverErrorResponseException")
        .contains("5 of 5 scenarios as expected");
    assertThat(elapsed).as("the demo must finish in a few seconds").isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void environment_answersEachScenarioThroughTheApi() {
    try (ContosoDemoEnvironment env = ContosoDemoEnvironment.start()) {
      AutodiscoverResult onPrem = env.request(ContosoDemoEnvironment.ON_PREM_USER).resolve();
      assertThat(onPrem.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
      assertThat(onPrem.settings().internalEwsUrl().orElseThrow().uri())
          .hasToString(ContosoDemoEnvironment.ON_PREM_INTERNAL_EWS);

      AutodiscoverResult hybrid = env.request(ContosoDemoEnvironment.HYBRID_USER).resolve();
      assertThat(hybrid.finalAddress()).hasToString(ContosoDemoEnvironment.HYBRID_CLOUD_ADDRESS);
      assertThat(hybrid.method()).isEqualTo(DiscoveryMethod.HTTP_REDIRECT);
      assertThat(hybrid.ewsUrl().orElseThrow().uri()).hasToString(ContosoDemoEnvironment.OFFICE365_EWS);

      assertThatThrownBy(() -> env.request(ContosoDemoEnvironment.BROKEN_AUTOMAP_USER).resolve())
          .isInstanceOfSatisfying(AutodiscoverErrorResponseException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(603);
            assertThat(e.serverMessage()).contains(ContosoDemoEnvironment.ERROR_603_MESSAGE);
          });
    }
  }
}
