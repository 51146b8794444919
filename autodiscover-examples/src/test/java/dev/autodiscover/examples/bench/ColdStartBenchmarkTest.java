package dev.autodiscover.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link ColdStartBenchmark} sets the launcher against the JDK alone started with the same JVM options: the options it
 * gives the JDK's process rows must be the ones {@code bin/autodiscover} gives a short command, and a JVM must start with
 * them. (The benchmark itself starts processes for minutes and is not run here.)
 */
class ColdStartBenchmarkTest {
  private static final Pattern SHORT_COMMAND_JIT = Pattern.compile("(?m)^  \\*\\) jit=\"([^\"]*)\" ;;$");

  @Test
  void jdkProcessRows_getTheLaunchersOptionsForShortCommands() throws IOException {
    String script = Files.readString(Path.of("bin", "autodiscover"), StandardCharsets.UTF_8);

    Matcher jit = SHORT_COMMAND_JIT.matcher(script);
    assertThat(jit.find()).as("the short commands' jit= line in bin/autodiscover").isTrue();
    assertThat(List.of(jit.group(1).split(" "))).isEqualTo(ColdStartBenchmark.LAUNCHER_JIT_OPTIONS);
    assertThat(jit.find()).as("a second short-command jit= line").isFalse();
  }

  @Test
  void theJvmRunningTheTests_startsWithThoseOptions() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ColdStartBenchmark.LAUNCHER_JIT_OPTIONS);
    command.add("-version");
    Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(java.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(java.exitValue()).as("%s%n%s", command, output).isZero();
  }
}
