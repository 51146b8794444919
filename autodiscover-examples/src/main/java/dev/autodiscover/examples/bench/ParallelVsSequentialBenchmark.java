package dev.autodiscover.examples.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.examples.demo.Responders;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.VirtualNetwork;

/**
 * Measures what parallel discovery buys when some endpoints are dead, in simulated environments on
 * loopback (no network needed). Not a unit test: run it by hand.
 *
 * <pre>{@code
 * java -cp autodiscover-examples/target/autodiscover-cli.jar \
 *     dev.autodiscover.examples.bench.ParallelVsSequentialBenchmark [--iterations 60] [--sequential 5] [--warmup 3]
 * }</pre>
 *
 * <p>Environments: <b>on-prem</b> — the root domain is blackholed, {@code autodiscover.<domain>} answers
 * (live path {@link DiscoveryMethod#HTTPS_AUTODISCOVER_DOMAIN}); <b>o365-like</b> — both HTTPS hosts are
 * blackholed, the plain-HTTP redirect probe is sent to Microsoft's Autodiscover host, which answers (live path
 * {@link DiscoveryMethod#HTTP_REDIRECT}). Each mode — parallel (the default), sequential, and the live path
 * alone ({@code only(...)}) — runs with an attempt timeout of 2 s and no retries; the medians and the ratios
 * parallel/sequential and parallel/live-path are printed. Parallel and live-path runs alternate, one of each per
 * iteration, so that both see the same machine; a sequential run waits out the blackholed hosts' timeouts (2 or
 * 4 s), so fewer of them are measured, in the first iterations.
 * The target's ratio is of two medians of some 10 ms each: with 15 samples it moved by ±0.15 between runs, hence
 * 60 by default. Exit code 1 when the o365-like parallel/live-path
 * ratio exceeds {@value #TARGET_RATIO} or a run failed, else 0.
 */
public final class ParallelVsSequentialBenchmark {
  /** The target for the o365-like parallel/live-path ratio. */
  public static final double TARGET_RATIO = 1.20;
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

  private enum Mode { PARALLEL, SEQUENTIAL, LIVE_PATH }

  private record Environment(String name, String email, DiscoveryMethod livePath, VirtualNetwork network,
      AutodiscoverClient client) {}

  private ParallelVsSequentialBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args {@code --iterations N} parallel and live-path runs (default 60), {@code --sequential N} sequential
   *     runs (default 5, at most the iterations), {@code --warmup N} unmeasured parallel and live-path runs first
   *     (default 3)
   */
  public static void main(String[] args) {
    int iterations = 60;
    int sequential = 5;
    int warmup = 3;
    try {
      for (Map.Entry<String, String> option : BenchOptions.pairs(args)) {
        String value = option.getValue();
        switch (option.getKey()) {
          case "--iterations" -> iterations = Integer.parseInt(value);
          case "--sequential" -> sequential = Integer.parseInt(value);
          case "--warmup" -> warmup = Integer.parseInt(value);
          default -> throw new IllegalArgumentException(option.getKey());
        }
      }
    } catch (RuntimeException e) { // an unknown option, a missing or non-numeric value
      System.err.println("usage: ParallelVsSequentialBenchmark [--iterations N] [--sequential N] [--warmup N]");
      System.exit(2);
    }
    if (iterations < 1 || sequential < 1 || sequential > iterations || warmup < 0) {
      System.err.println("need --iterations >= 1, 1 <= --sequential <= --iterations, --warmup >= 0");
      System.exit(2);
    }
    System.exit(run(iterations, sequential, warmup));
  }

  /**
   * Runs both environments and prints the report on standard output.
   *
   * @param iterations measured parallel and live-path runs
   * @param sequential measured sequential runs, in the first {@code sequential} iterations (1..iterations)
   * @param warmup unmeasured parallel and live-path runs first
   * @return the exit code: 0 when the target is met and every run succeeded, else 1
   */
  public static int run(int iterations, int sequential, int warmup) {
    System.out.printf(Locale.ROOT, "Parallel vs sequential discovery: %d parallel and live-path iterations (%d "
        + "sequential) after %d warm-ups, attempt timeout %d ms, retries 0%n%n", iterations, sequential, warmup,
        ATTEMPT_TIMEOUT.toMillis());
    System.out.printf(Locale.ROOT, "%-10s %-11s %10s %10s %10s %6s%n", "env", "mode", "median ms", "min ms",
        "max ms", "fails");
    boolean allOk = true;
    double o365Ratio = Double.NaN;
    for (String name : List.of("on-prem", "o365-like")) {
      try (VirtualNetwork network = VirtualNetwork.start();
          AutodiscoverClient client = AutodiscoverClient.builder()
              .proxy(network.proxySelector())
              .sslContext(network.clientSslContext())
              .attemptTimeout(ATTEMPT_TIMEOUT)
              .retriesOnTimeout(0)
              .deadline(Duration.ofSeconds(30))
              .build()) {
        Environment env = name.equals("on-prem") ? onPrem(network, client) : office365Like(network, client);
        Map<Mode, double[]> samples = new EnumMap<>(Mode.class);
        int[] failures = new int[Mode.values().length];
        for (Mode m : Mode.values()) {
          samples.put(m, new double[m == Mode.SEQUENTIAL ? sequential : iterations]);
        }
        for (int i = -warmup; i < iterations; i++) {
          for (Mode m : Mode.values()) {
            if (m == Mode.SEQUENTIAL && (i < 0 || i >= sequential)) {
              continue;
            }
            double ms = timeOne(env, m);
            if (Double.isNaN(ms)) {
              failures[m.ordinal()]++;
            }
            if (i >= 0) {
              samples.get(m)[i] = ms;
            }
          }
        }
        Map<Mode, Double> medians = new EnumMap<>(Mode.class);
        for (Mode m : Mode.values()) {
          double[] s = samples.get(m).clone();
          Arrays.sort(s);
          medians.put(m, BenchStats.percentile(Arrays.stream(s).filter(d -> !Double.isNaN(d)).toArray(), 50));
          System.out.printf(Locale.ROOT, "%-10s %-11s %10.1f %10.1f %10.1f %6d%n", env.name(),
              m.name().toLowerCase(Locale.ROOT).replace('_', '-'), medians.get(m), s[0], s[s.length - 1],
              failures[m.ordinal()]);
          allOk &= failures[m.ordinal()] == 0;
        }
        double vsSequential = medians.get(Mode.PARALLEL) / medians.get(Mode.SEQUENTIAL);
        double vsLive = medians.get(Mode.PARALLEL) / medians.get(Mode.LIVE_PATH);
        System.out.printf(Locale.ROOT, "RATIO %s parallel/sequential = %.2f, parallel/live-path = %.2f "
            + "(live path = %s)%n%n", env.name(), vsSequential, vsLive, env.livePath());
        if (env.name().equals("o365-like")) {
          o365Ratio = vsLive;
        }
      }
    }
    System.out.printf(Locale.ROOT, "RESULT o365-like parallel/live-path = %.2f (target <= %.2f)%n", o365Ratio,
        TARGET_RATIO);
    if (!allOk) {
      System.out.println("Some runs failed (see 'fails'); their samples count as NaN.");
    }
    return allOk && o365Ratio <= TARGET_RATIO ? 0 : 1;
  }

  /** Root domain blackholed; autodiscover.fabrikam.com answers. */
  private static Environment onPrem(VirtualNetwork network, AutodiscoverClient client) {
    String email = "amy.rivera@fabrikam.com";
    network.blackhole("fabrikam.com");
    network.host("autodiscover.fabrikam.com")
        .respondHttps(Responders.dispatcher(r -> PoxResponses.xml(PoxResponses.settingsXml(
            "Amy Rivera", email, "https://mail.fabrikam.com/EWS/Exchange.asmx", null))))
        .respondHttp(Responders.dispatcher(r -> Responders.status(404)));
    return new Environment("on-prem", email, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, network, client);
  }

  /** Both HTTPS hosts blackholed; the HTTP probe leads to autodiscover-s.outlook.com, which answers. */
  private static Environment office365Like(VirtualNetwork network, AutodiscoverClient client) {
    String email = "sam.lee@litware.com";
    network.blackhole("litware.com");
    network.blackholeHttps("autodiscover.litware.com");
    network.host("autodiscover.litware.com")
        .respondHttp(Responders.dispatcher(r ->
            PoxResponses.redirect(302, "https://autodiscover-s.outlook.com/autodiscover/autodiscover.xml")));
    network.host("autodiscover-s.outlook.com")
        .respondHttps(Responders.dispatcher(r -> PoxResponses.xml(PoxResponses.settingsXml(
            "Sam Lee", email, "https://outlook.office365.com/EWS/Exchange.asmx",
            "https://outlook.office365.com/EWS/Exchange.asmx"))))
        .respondHttp(Responders.dispatcher(r -> Responders.status(404)));
    return new Environment("o365-like", email, DiscoveryMethod.HTTP_REDIRECT, network, client);
  }

  /** Returns the wall time of one run in ms, or NaN if it failed or was answered by the wrong method. */
  private static double timeOne(Environment env, Mode mode) {
    AutodiscoverRequest request = env.client().forEmail(env.email());
    request = switch (mode) {
      case PARALLEL -> request;
      case SEQUENTIAL -> request.sequential();
      case LIVE_PATH -> request.only(env.livePath());
    };
    long start = System.nanoTime();
    try {
      AutodiscoverResult result = request.resolve();
      double ms = (System.nanoTime() - start) / 1e6;
      if (result.method() != env.livePath()) {
        System.err.println(env.name() + " " + mode + ": answered by " + result.method() + ", expected "
            + env.livePath());
        return Double.NaN;
      }
      return ms;
    } catch (AutodiscoverException e) {
      System.err.println(env.name() + " " + mode + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return Double.NaN;
    }
  }
}
