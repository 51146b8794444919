package dev.autodiscover.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code --only} and {@code --exclude} together must leave a discovery method, or the run is a usage error. */
class MainMethodChoiceTest {
  private static final String USER = "jan.novak@contoso.com";
  private static final String ONLY_SCP_EXCLUDED = "--exclude scp removes every method that --only scp allows, so "
      + "no discovery method is left to try; drop it from --exclude or name another method in --only";

  @Test
  void resolve_excludingTheOnlyMethod_exits2SayingNoMethodIsLeft() {
    CliRun run = CliRun.run(Map.of(), "", "resolve", USER, "--exclude", "SCP", "--only", "scp");

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err().lines().findFirst()).hasValue("Error: " + ONLY_SCP_EXCLUDED);
    assertThat(run.err()).contains("Usage:").doesNotContain("Collection is empty");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void resolve_json_excludingEveryOnlyMethod_printsOneUsageErrorObject() {
    CliRun run = CliRun.run(Map.of(), "", "resolve", USER, "--json", "--only", "dns-srv,scp", "--exclude", "scp",
        "--exclude", "dns-srv");

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    JsonNode json = run.json();
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.at("/error/type").asText()).isEqualTo("usage");
    assertThat(json.at("/error/message").asText()).isEqualTo("--exclude scp,dns-srv removes every method that "
        + "--only dns-srv,scp allows, so no discovery method is left to try; drop it from --exclude or name another "
        + "method in --only");
  }

  @Test
  void resolve_excludingEveryMethodWithoutOnly_exits2NamingTheKnownMethods() {
    CliRun run = CliRun.run(Map.of(), "", "resolve", USER, "--exclude", OptionValues.knownMethods().replace(" ", ""));

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err().lines().findFirst().orElseThrow())
        .startsWith("Error: --exclude scp,https-root-domain,")
        .contains(" removes every discovery method, so none is left to try; keep at least one (methods: "
            + OptionValues.knownMethods() + ")");
  }

  @Test
  void batchAndDomainSettings_excludingTheOnlyMethod_exit2WithTheSameMessage() {
    CliRun batch = CliRun.run(Map.of(), "", "batch", "no-such-file.csv", "--only", "scp", "--exclude", "scp");
    CliRun domain = CliRun.run(Map.of(), "", "domain-settings", USER, "--only", "scp", "--exclude", "scp");

    assertThat(batch.exit()).as(batch.toString()).isEqualTo(2);
    assertThat(batch.err().lines().findFirst()).hasValue("Error: " + ONLY_SCP_EXCLUDED);
    assertThat(domain.exit()).as(domain.toString()).isEqualTo(2);
    assertThat(domain.err().lines().findFirst()).hasValue("Error: " + ONLY_SCP_EXCLUDED);
  }

  @Test
  void resolve_excludingSomeOfTheOnlyMethods_isNoUsageError() {
    // local XML is left, but no file is configured: nothing is sent and the run ends "not found"
    CliRun run = CliRun.run(Map.of(), "", "resolve", USER, "--only", "scp,local-xml", "--exclude", "scp");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(run.err()).startsWith("Error: AutodiscoverNotFoundException: ");
  }
}
