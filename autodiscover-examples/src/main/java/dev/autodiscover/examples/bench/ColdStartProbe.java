package dev.autodiscover.examples.bench;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DnsResolver;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.examples.cli.PemTrust;

/**
 * The in-process half of {@link ColdStartBenchmark}: run in a fresh JVM, it builds a client for the benchmark's
 * simulated network, resolves one mailbox (timing the provider load and the first resolve, as an embedding
 * application meets them; with {@code warm-up}, the client is built and {@code warmUp()} has ended before the clock
 * starts, as in an application that calls it at start-up), then resolves it {@code warm} more times with the same client and prints one line:
 * {@code PROBE first=<ms> build=<ms> warm=<median ms> warmup=<ms of warmUp(), NaN without it> ews=<EWS URL of
 * the first answer>}. The TLS trust (the
 * network's CA, read from a PEM file) is set up before the clock starts, as an application's own set-up would be.
 *
 * <pre>{@code
 * java -cp autodiscover-cli.jar dev.autodiscover.examples.bench.ColdStartProbe \
 *     <email> <proxy-host:port> <ca.pem> <dns-host:port> <warm runs> [warm-up]
 * }</pre>
 *
 * <p>Exit code 0 after a resolve, 1 if one failed (the error goes to standard error), 2 for a bad command line.
 * Not a unit test; started by {@link ColdStartBenchmark}.
 */
public final class ColdStartProbe {
  private ColdStartProbe() {}

  /**
   * Runs the probe.
   *
   * @param args email, proxy {@code host:port}, CA PEM file, DNS server {@code host:port}, warm runs (0 to 1000),
   *     optionally {@code warm-up}
   * @throws Exception if the trust set-up fails (the JVM then exits with 1 and a stack trace)
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 5 && !(args.length == 6 && args[5].equals("warm-up"))) {
      System.err.println("usage: ColdStartProbe <email> <proxy-host:port> <ca.pem> <dns-host:port> <warm runs>"
          + " [warm-up]");
      System.exit(2);
    }
    String email = args[0];
    InetSocketAddress proxy = address(args[1]);
    SSLContext ssl = PemTrust.fromFile(Path.of(args[2])); // as the tool's --ca-cert
    InetSocketAddress dns = address(args[3]);
    int warm = Integer.parseInt(args[4]);

    long start = System.nanoTime();
    AutodiscoverClient client = AutodiscoverClient.builder()
        .proxy(ProxySelector.of(proxy))
        .sslContext(ssl)
        .dnsResolver(DnsResolver.servers(dns).timeout(Duration.ofSeconds(1)).retries(0))
        .settingsCache(SettingsCache.disabled())
        .build();
    long built = System.nanoTime();
    double warmUpMillis = Double.NaN;
    if (args.length == 6) {
      client.warmUp().join(); // as an application calling it at start-up, well before its first lookup
      warmUpMillis = (System.nanoTime() - built) / 1e6;
      start = System.nanoTime();
    }
    try (client) {
      AutodiscoverResult first = client.forEmail(email).resolve();
      long firstDone = System.nanoTime();
      double[] warmMillis = new double[warm];
      for (int i = 0; i < warm; i++) {
        long t = System.nanoTime();
        client.forEmail(email).resolve();
        warmMillis[i] = (System.nanoTime() - t) / 1e6;
      }
      Arrays.sort(warmMillis);
      double warmMedian = warm == 0 ? Double.NaN
          : warm % 2 == 1 ? warmMillis[warm / 2] : (warmMillis[warm / 2 - 1] + warmMillis[warm / 2]) / 2;
      System.out.printf(Locale.ROOT, "PROBE first=%.1f build=%.1f warm=%.2f warmup=%.1f ews=%s%n",
          (firstDone - start) / 1e6, (built - start) / 1e6, warmMedian, warmUpMillis,
          first.ewsUrl().map(u -> u.uri().toString()).orElse("none"));
    } catch (RuntimeException e) {
      System.err.println("probe: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      System.exit(1);
    }
    System.exit(0);
  }

  /** {@code host:port} as an address (the port after the last colon). */
  static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }
}
