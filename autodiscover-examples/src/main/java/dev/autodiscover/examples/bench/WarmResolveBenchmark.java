package dev.autodiscover.examples.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.DnsResolver;
import dev.autodiscover.ProtocolChoice;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.testkit.DnsResponder;
import dev.autodiscover.testkit.VirtualNetwork;

/**
 * Measures the warm resolve: one client, JIT-warm, resolving the plain on-premises mailbox of
 * {@link ColdStartBenchmark}'s environment again and again ({@code https://northwindtraders.com} answers the POST
 * with a 404, {@code autodiscover.northwindtraders.com} with the settings, every server after {@code --latency-ms}),
 * with the default protocol ({@code AUTO}: at the root, a POX 404 also tries SOAP, whose request is cancelled when
 * the autodiscover host's answer is taken) and with {@code POX} only (the 404 ends the root's try), in alternating
 * blocks of {@code --resolves} each, no settings cache. Prints each block's median, then the medians and p90 of all
 * blocks per protocol and the ratio of the default's median to POX's. Not a unit test: run it by hand.
 *
 * <pre>{@code
 * java -cp autodiscover-examples/target/autodiscover-cli.jar \
 *     dev.autodiscover.examples.bench.WarmResolveBenchmark [--resolves 300] [--rounds 3] [--latency-ms 2]
 * }</pre>
 */
public final class WarmResolveBenchmark {
  private WarmResolveBenchmark() {}

  /**
   * Runs the benchmark; see the class comment. Exit code 0, or 2 for a bad command line.
   *
   * @param args {@code --resolves N} (per block, 10 to 100,000, default 300), {@code --rounds N} (1 to 100,
   *     default 3), {@code --latency-ms N} (0 to 1,000, default {@value ColdStartBenchmark#DEFAULT_LATENCY_MS})
   */
  public static void main(String[] args) {
    int resolves = 300;
    int rounds = 3;
    long latencyMs = ColdStartBenchmark.DEFAULT_LATENCY_MS;
    try {
      for (Map.Entry<String, String> option : BenchOptions.pairs(args)) {
        String value = option.getValue();
        switch (option.getKey()) {
          case "--resolves" -> resolves = Integer.parseInt(value);
          case "--rounds" -> rounds = Integer.parseInt(value);
          case "--latency-ms" -> latencyMs = Long.parseLong(value);
          default -> throw new IllegalArgumentException("unknown option " + option.getKey());
        }
      }
      if (resolves < 10 || resolves > 100_000 || rounds < 1 || rounds > 100 || latencyMs < 0 || latencyMs > 1000) {
        throw new IllegalArgumentException("resolves must be 10..100000, rounds 1..100, latency-ms 0..1000");
      }
    } catch (RuntimeException e) {
      System.err.println("WarmResolveBenchmark: " + e.getMessage()
          + "\nusage: WarmResolveBenchmark [--resolves N] [--rounds N] [--latency-ms N]");
      System.exit(2);
      return;
    }
    run(resolves, rounds, latencyMs, System.out);
  }

  private static void run(int resolves, int rounds, long latencyMs, PrintStream out) {
    out.printf(Locale.ROOT, "Warm resolve of %s, %d per block, %d rounds, %d ms latency per HTTP answer; %s %s%n",
        ColdStartBenchmark.MAILBOX, resolves, rounds, latencyMs, System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
    try (VirtualNetwork network = VirtualNetwork.start(); DnsResponder dns = DnsResponder.start();
        AutodiscoverClient client = AutodiscoverClient.builder()
            .proxy(network.proxySelector())
            .sslContext(network.clientSslContext())
            .dnsResolver(DnsResolver.servers(dns.address()).timeout(Duration.ofSeconds(1)).retries(0))
            .settingsCache(SettingsCache.disabled())
            .build()) {
      ColdStartBenchmark.environment(network, latencyMs);
      ProtocolChoice[] protocols = {null, ProtocolChoice.POX}; // null: the default
      for (int i = 0; i < Math.max(200, resolves / 2); i++) { // JIT warm-up, both ways
        resolve(client, protocols[i % 2]);
      }
      double[][] all = new double[2][resolves * rounds];
      for (int round = 0; round < rounds; round++) {
        for (int p = 0; p < 2; p++) {
          double[] block = new double[resolves];
          for (int i = 0; i < resolves; i++) {
            long start = System.nanoTime();
            resolve(client, protocols[p]);
            block[i] = (System.nanoTime() - start) / 1e6;
          }
          System.arraycopy(block, 0, all[p], round * resolves, resolves);
          Arrays.sort(block);
          out.printf(Locale.ROOT, "round %d %-13s median %6.2f ms%n", round + 1, label(protocols[p]),
              block[resolves / 2]);
        }
      }
      double[] median = new double[2];
      for (int p = 0; p < 2; p++) {
        Arrays.sort(all[p]);
        median[p] = all[p][all[p].length / 2];
        out.printf(Locale.ROOT, "%-13s median %6.2f ms  p90 %6.2f ms  min %6.2f ms%n", label(protocols[p]), median[p],
            all[p][(int) Math.ceil(all[p].length * 0.9) - 1], all[p][0]);
      }
      out.printf(Locale.ROOT, "RESULT default/POX median %.2f%n", median[0] / median[1]);
    }
  }

  private static String label(ProtocolChoice p) {
    return p == null ? "default(AUTO)" : p.name();
  }

  private static void resolve(AutodiscoverClient client, ProtocolChoice protocol) {
    AutodiscoverRequest request = client.forEmail(ColdStartBenchmark.MAILBOX);
    if (protocol != null) {
      request = request.protocol(protocol);
    }
    if (request.resolve().ewsUrl().isEmpty()) {
      throw new IllegalStateException("no EWS URL in the answer");
    }
  }
}
