package dev.autodiscover.examples.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.autodiscover.examples.cli.Main;
import dev.autodiscover.testkit.DnsResponder;
import dev.autodiscover.testkit.VirtualNetwork;

/**
 * The training run the build uses to make the command-line tool's class-data archive
 * ({@code -XX:ArchiveClassesAtExit}, see {@code autodiscover-examples/pom.xml}): runs the tool's {@code resolve}
 * in-process, as text and as JSON, against {@link ColdStartBenchmark}'s simulated on-premises network, so that the
 * archive holds the classes a real resolve loads. Prints nothing when both resolves succeed; exits with 0 even when
 * one failed (the archive is then less complete, never wrong: the JVM checks it when it maps it), after saying so
 * on standard error.
 *
 * <pre>{@code
 * java -XX:ArchiveClassesAtExit=target/autodiscover-cli-17.0.15.jsa -cp target/autodiscover-cli.jar \
 *     dev.autodiscover.examples.bench.ColdStartTraining
 * }</pre>
 */
public final class ColdStartTraining {
  private ColdStartTraining() {}

  /**
   * Runs the training.
   *
   * @param args none
   * @throws IOException if the CA file cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path ca = Files.createTempFile("coldstart-training-ca", ".pem");
    int failed = 0;
    try (VirtualNetwork network = VirtualNetwork.start(); DnsResponder dns = DnsResponder.start()) {
      ColdStartBenchmark.environment(network, 0);
      Files.writeString(ca, network.rootCertificatePem(), StandardCharsets.US_ASCII);
      List<String> common = List.of("resolve", ColdStartBenchmark.MAILBOX, "--proxy",
          "127.0.0.1:" + network.proxyAddress().getPort(), "--ca-cert", ca.toString(), "--dns-server",
          "127.0.0.1:" + dns.address().getPort(), "--no-cache", "--attempt-timeout", "20s", "--deadline", "60s");
      for (List<String> extra : List.of(List.<String>of(), List.of("--json"))) {
        String[] command = java.util.stream.Stream.concat(common.stream(), extra.stream()).toArray(String[]::new);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(command, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        if (code != 0 || !out.toString(StandardCharsets.UTF_8).contains(ColdStartBenchmark.EWS_URL)) {
          failed++;
          System.err.println("training resolve " + extra + " failed (exit " + code + "): "
              + err.toString(StandardCharsets.UTF_8).strip());
        }
      }
    } finally {
      Files.deleteIfExists(ca);
    }
    if (failed > 0) {
      System.err.println("cold-start training: " + failed + " of 2 resolves failed; the class-data archive is less"
          + " complete");
    }
    System.exit(0);
  }
}
