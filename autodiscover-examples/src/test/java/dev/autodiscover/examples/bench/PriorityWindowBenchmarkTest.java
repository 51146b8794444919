package dev.autodiscover.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of {@link PriorityWindowBenchmark} with one iteration, a short window and a short strict timeout: it
 * runs, every lookup behaves as the scenario says (answered by the autodiscover host, the root's request cancelled
 * by the window or timed out in strict order), and the exit code agrees with the RESULT line. No timing is asserted.
 */
class PriorityWindowBenchmarkTest {
  private static final Pattern RESULT =
      Pattern.compile("(?m)^RESULT window median = (\\d+\\.\\d) ms \\(target <= 500 ms\\)$");

  @Test
  void tinyRun_printsTheTableAndTheResultLine_withoutFailedRuns() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      exit = PriorityWindowBenchmark.run(1, 0, 20, 200, 300, out);
    }
    String report = bytes.toString(StandardCharsets.UTF_8);

    assertThat(report).contains("RUNS 1 measured iterations of each kind (+0 warm-up), 0 failed run(s)");
    assertThat(report).containsPattern("(?m)^window\\s+(\\d+\\.\\d\\s+){4}0$");
    assertThat(report).containsPattern("(?m)^strict\\s+(\\d+\\.\\d\\s+){4}0$");
    Matcher result = RESULT.matcher(report);
    assertThat(result.find()).as("RESULT line in:%n%s", report).isTrue();
    assertThat(exit).isEqualTo(Double.parseDouble(result.group(1)) <= 500 ? 0 : 1);
  }

  @Test
  void outOfRangeArguments_areRejectedNamingTheOption() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> PriorityWindowBenchmark.run(0, 0, 200, 1000, 1000, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iterations");
    assertThatThrownBy(() -> PriorityWindowBenchmark.run(1, 0, 200, 61_000, 1000, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window-ms");
  }
}
