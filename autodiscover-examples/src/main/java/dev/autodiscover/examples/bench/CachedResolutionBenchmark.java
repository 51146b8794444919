package dev.autodiscover.examples.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.DnsResolver;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.examples.demo.Responders;
import dev.autodiscover.testkit.DnsResponder;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.VirtualNetwork;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Measures what the last-known-good endpoint cache (protocol.md §2.9 and §13) saves: the second resolution
 * of a domain, served from the cache with {@link AutodiscoverRequest#lastKnownGoodFirst(boolean)}, against
 * the first one, which walks the discovery methods. Runs in a simulated environment on loopback (no network
 * needed). Not a unit test: run it by hand.
 *
 * <pre>{@code
 * java -cp autodiscover-examples/target/autodiscover-cli.jar \
 *     dev.autodiscover.examples.bench.CachedResolutionBenchmark \
 *     [--iterations 30] [--warmup 5] [--latency-ms 5] [--root-delay-ms 400]
 * }</pre>
 *
 * <p>The environment is a small company, {@value #DOMAIN}, whose Exchange mailboxes are hosted by a
 * provider, {@code adatum.net}, as many small organisations' are:
 *
 * <ul>
 *   <li>SCP (method 1): the machine is not domain-joined, so no directory is configured and nothing is sent;
 *   <li>root domain (method 2): {@code https://tailspintoys.com} is the company's web site. It completes the
 *       TLS handshake and answers the unknown POST with a 404 page only after {@code --root-delay-ms}
 *       (default {@value #DEFAULT_ROOT_DELAY_MS} ms), as an uncached content-management system renders its
 *       error page. A server that answered the handshake is waited for (within the priority window), because a
 *       higher-priority answer wins (the cost Outlook pays too);
 *   <li>autodiscover host (method 3) and HTTP redirect probe (method 5): {@code autodiscover.tailspintoys.com}
 *       is the provider's parking server, answering 404 over HTTPS and plain HTTP;
 *   <li>local XML (method 4): none;
 *   <li>DNS SRV (method 6): {@code _autodiscover._tcp.tailspintoys.com} points at
 *       {@code exchange.adatum.net:443}, the provider's Autodiscover server, which answers with settings for
 *       every mailbox of the company. The caller trusts that host ({@code trustRedirectHosts}), as an
 *       administrator deploying the SDK for this provider would;
 *   <li>the Microsoft 365 endpoint (method 8) is not reachable in the simulation; it is never needed.
 * </ul>
 *
 * <p>Every HTTP server answers after {@code --latency-ms} (default {@value #DEFAULT_LATENCY_MS} ms). The DNS
 * server answers at once.
 *
 * <p>Each iteration takes a new in-memory {@link SettingsCache} and a new HTTP client (the SDK keeps one
 * client, with its connection pool, per proxy selector instance, and each iteration gets a new one), so that
 * <b>first</b> meets the domain as a process meets a domain it never contacted: every connection pays TCP,
 * proxy {@code CONNECT} and TLS handshakes. <b>first</b> resolves one user with the empty cache (the walk
 * above, answered by {@link DiscoveryMethod#DNS_SRV}, which fills the cache). <b>cached</b> then resolves
 * another user of the same domain in the same process, as an application does: same cache (its domain
 * entry), same HTTP client, so the connection to {@code exchange.adatum.net} that <b>first</b> left open is
 * reused; it must send exactly one POST and be answered by {@link DiscoveryMethod#LAST_KNOWN_GOOD}. A third,
 * informational run, <b>cached, new conn.</b>, resolves a third user from the same cache with a new HTTP
 * client, as a restarted process with a {@linkplain SettingsCache#file file cache} would: the one POST pays
 * the handshakes too. A run counts as failed when it throws, is answered by another method or endpoint, or
 * (for the cached runs) sends other than exactly one HTTP request of its own. DNS queries are counted over the whole
 * benchmark and compared with one per <b>first</b> run (a query can arrive after its run has returned, so it
 * is not attributed to a run).
 *
 * <p>Prints the median and p90 of each kind and {@code RESULT cached/first = <ratio of the medians> (target <
 * 0.05)}. Exit code 0 when the ratio is below {@value #TARGET_RATIO} and no run failed, 1 otherwise, 2 for a
 * bad command line.
 */
public final class CachedResolutionBenchmark {
  /** The target for the ratio median(cached) / median(first). */
  public static final double TARGET_RATIO = 0.05;
  /** Default simulated latency of every HTTP server, in milliseconds. */
  public static final long DEFAULT_LATENCY_MS = 5;
  /** Default time the root domain's web site takes to answer the POST with a 404, in milliseconds. */
  public static final long DEFAULT_ROOT_DELAY_MS = 400;

  static final String DOMAIN = "tailspintoys.com";
  private static final String HOSTER = "exchange.adatum.net";
  private static final String HOSTER_ENDPOINT = "https://" + HOSTER + "/autodiscover/autodiscover.xml";
  private static final String EWS_URL = "https://" + HOSTER + "/EWS/Exchange.asmx";
  private static final String FIRST_USER = "amy.rivera@" + DOMAIN;
  private static final String CACHED_USER = "ben.okafor@" + DOMAIN;
  private static final String COLD_USER = "chloe.martin@" + DOMAIN;
  private static final List<String> MAILBOXES = List.of(FIRST_USER, CACHED_USER, COLD_USER);
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final String USAGE = "usage: CachedResolutionBenchmark [--iterations N] [--warmup N] "
      + "[--latency-ms N] [--root-delay-ms N]";

  private enum Kind {
    FIRST("first", DiscoveryMethod.DNS_SRV),
    CACHED("cached", DiscoveryMethod.LAST_KNOWN_GOOD),
    CACHED_NEW_CONNECTION("cached, new conn.", DiscoveryMethod.LAST_KNOWN_GOOD);

    final String label;
    final DiscoveryMethod expected;

    Kind(String label, DiscoveryMethod expected) {
      this.label = label;
      this.expected = expected;
    }
  }

  /** One measured resolution: wall time (NaN when it failed) and the HTTP requests that reached a server. */
  private record Sample(double millis, int httpRequests) {}

  /** The simulated servers and the counters of what reached them. */
  private record Environment(VirtualNetwork network, DnsResponder dns, Requests httpRequests) {}

  /**
   * HTTP requests that reached the servers, by the mailbox their body names ({@code ""}: none). A run counts its own
   * and unnamed ones: a request cancelled on the wire by the run before (an AUTO switch) may arrive after it returned.
   */
  private static final class Requests {
    private final Map<String, AtomicInteger> byMailbox = new ConcurrentHashMap<>();

    void record(RecordedRequest request) {
      String named = "";
      for (String mailbox : MAILBOXES) {
        if (Responders.asksFor(request, mailbox)) {
          named = mailbox;
        }
      }
      byMailbox.computeIfAbsent(named, k -> new AtomicInteger()).incrementAndGet();
    }

    /** Requests so far that name {@code mailbox} or no mailbox. */
    int countFor(String mailbox) {
      return count(mailbox) + count("");
    }

    private int count(String key) {
      AtomicInteger n = byMailbox.get(key);
      return n == null ? 0 : n.get();
    }
  }

  private CachedResolutionBenchmark() {}

  /**
   * Runs the benchmark and exits with its exit code.
   *
   * @param args {@code --iterations N} (default 30), {@code --warmup N} (default 5), {@code --latency-ms N}
   *     (default {@value #DEFAULT_LATENCY_MS}), {@code --root-delay-ms N} (default
   *     {@value #DEFAULT_ROOT_DELAY_MS})
   */
  public static void main(String[] args) {
    int iterations = 30;
    int warmup = 5;
    long latencyMs = DEFAULT_LATENCY_MS;
    long rootDelayMs = DEFAULT_ROOT_DELAY_MS;
    try {
      for (Map.Entry<String, String> option : BenchOptions.pairs(args)) {
        String value = option.getValue();
        switch (option.getKey()) {
          case "--iterations" -> iterations = Integer.parseInt(value);
          case "--warmup" -> warmup = Integer.parseInt(value);
          case "--latency-ms" -> latencyMs = Long.parseLong(value);
          case "--root-delay-ms" -> rootDelayMs = Long.parseLong(value);
          default -> throw new IllegalArgumentException("unknown option " + option.getKey());
        }
      }
      checkArguments(iterations, warmup, latencyMs, rootDelayMs);
    } catch (IllegalArgumentException e) { // NumberFormatException included
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
    }
    System.exit(run(iterations, warmup, latencyMs, rootDelayMs, System.out));
  }

  /**
   * Builds the environment, runs the iterations and prints the report.
   *
   * @param iterations measured iterations, 1 to 10,000
   * @param warmup unmeasured iterations first, 0 to 10,000
   * @param latencyMs simulated latency of every HTTP server, 0 to 1,000 ms
   * @param rootDelayMs time the root domain's web site takes to answer, 0 to 1,500 ms (below the attempt
   *     timeout of 2 s)
   * @param out where the report goes; not closed
   * @return the exit code: 0 when median(cached) / median(first) is below {@value #TARGET_RATIO} and every
   *     run succeeded, else 1
   * @throws IllegalArgumentException if a number is out of range
   * @throws NullPointerException if {@code out} is null
   */
  public static int run(int iterations, int warmup, long latencyMs, long rootDelayMs, PrintStream out) {
    checkArguments(iterations, warmup, latencyMs, rootDelayMs);
    Objects.requireNonNull(out, "out");
    out.printf(Locale.ROOT, "Cached vs first resolution of %s: %d iterations after %d warm-ups, "
        + "attempt timeout %d ms, retries 0%n", DOMAIN, iterations, warmup, ATTEMPT_TIMEOUT.toMillis());
    out.printf(Locale.ROOT, "Environment: SCP not configured; https://%s (company web site) answers 404 after "
        + "%d ms; autodiscover.%s answers 404 over HTTPS and HTTP; SRV _autodiscover._tcp.%s -> %s:443, which "
        + "answers; every HTTP server adds %d ms latency.%n", DOMAIN, rootDelayMs, DOMAIN, DOMAIN, HOSTER,
        latencyMs);
    out.printf(Locale.ROOT, "first: fresh cache, new HTTP client, full walk (answered by %s). cached: another "
        + "user, same process: cache filled by first, lastKnownGoodFirst, first's HTTP client (answered by %s). "
        + "cached, new conn.: a third user, same cache, new HTTP client (informational: a restart with a file "
        + "cache).%n%n", Kind.FIRST.expected, Kind.CACHED.expected);

    double[][] samples = new double[Kind.values().length][iterations];
    int[][] requests = new int[Kind.values().length][iterations];
    int[] failures = new int[Kind.values().length];
    int dnsQueries;
    try (VirtualNetwork network = VirtualNetwork.start(); DnsResponder dns = DnsResponder.start()) {
      Environment env = environment(network, dns, latencyMs, rootDelayMs);
      for (int i = -warmup; i < iterations; i++) {
        Sample[] iteration;
        try (AutodiscoverClient client = newClient(env);
            AutodiscoverClient newConnections = client.toBuilder().build()) {
          iteration = new Sample[] {
              timeOne(env, Kind.FIRST, FIRST_USER, client),
              timeOne(env, Kind.CACHED, CACHED_USER, client),
              timeOne(env, Kind.CACHED_NEW_CONNECTION, COLD_USER, newConnections)};
        }
        for (Kind k : Kind.values()) {
          Sample s = iteration[k.ordinal()];
          if (Double.isNaN(s.millis())) {
            failures[k.ordinal()]++;
          }
          if (i >= 0) {
            samples[k.ordinal()][i] = s.millis();
            requests[k.ordinal()][i] = s.httpRequests();
          }
        }
      }
      dnsQueries = dns.udpQueries() + dns.tcpQueries();
    }

    out.printf(Locale.ROOT, "%-18s %10s %10s %10s %10s %14s %6s%n", "run", "median ms", "p90 ms", "min ms",
        "max ms", "HTTP requests", "fails");
    double[] medians = new double[Kind.values().length];
    for (Kind k : Kind.values()) {
      double[] valid = valid(samples[k.ordinal()]);
      medians[k.ordinal()] = BenchStats.percentile(valid, 50);
      out.printf(Locale.ROOT, "%-18s %10.1f %10.1f %10.1f %10.1f %14s %6d%n", k.label, medians[k.ordinal()],
          BenchStats.percentile(valid, 90), valid.length == 0 ? Double.NaN : valid[0],
          valid.length == 0 ? Double.NaN : valid[valid.length - 1], range(requests[k.ordinal()]),
          failures[k.ordinal()]);
    }
    int totalFailures = Arrays.stream(failures).sum();
    double ratio = medians[Kind.CACHED.ordinal()] / medians[Kind.FIRST.ordinal()];
    int runs = iterations + warmup;
    out.printf(Locale.ROOT, "%nDNS %d SRV queries in %d iterations (expected %d: one per first run)%s%n", dnsQueries,
        runs, runs, dnsQueries > runs ? "; the extra ones were sent after a cached run had its answer" : "");
    out.printf(Locale.ROOT, "RUNS %d measured iterations (+%d warm-up), %d failed run(s)%n", iterations, warmup,
        totalFailures);
    out.printf(Locale.ROOT, "RESULT cached/first = %.3f (target < %.2f)%n", ratio, TARGET_RATIO);
    boolean met = ratio < TARGET_RATIO; // false for NaN
    if (totalFailures > 0) {
      out.println("Some runs failed (see 'fails' and standard error); they are left out of the statistics.");
    }
    return met && totalFailures == 0 ? 0 : 1;
  }

  private static void checkArguments(int iterations, int warmup, long latencyMs, long rootDelayMs) {
    check("iterations", iterations, 1, 10_000);
    check("warmup", warmup, 0, 10_000);
    check("latency-ms", latencyMs, 0, 1_000);
    check("root-delay-ms", rootDelayMs, 0, ATTEMPT_TIMEOUT.toMillis() - 500);
  }

  private static void check(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + value);
    }
  }

  /** Sets up the servers described in the class documentation. */
  private static Environment environment(VirtualNetwork network, DnsResponder dns, long latencyMs,
      long rootDelayMs) {
    Requests httpRequests = new Requests();
    network.host(DOMAIN).respondHttps(Responders.dispatcher(r -> {
      httpRequests.record(r);
      return delayed(Responders.htmlPage("Page not found").newBuilder().code(404).build(), rootDelayMs);
    }));
    network.host("autodiscover." + DOMAIN)
        .respondHttps(Responders.dispatcher(r -> {
          httpRequests.record(r);
          return delayed(Responders.status(404), latencyMs);
        }))
        .respondHttp(Responders.dispatcher(r -> {
          httpRequests.record(r);
          return delayed(Responders.status(404), latencyMs);
        }));
    network.host(HOSTER).respondHttps(Responders.dispatcher(r -> {
      httpRequests.record(r);
      return delayed(hostedAnswer(r), latencyMs);
    }));
    dns.srv("_autodiscover._tcp." + DOMAIN, 0, 0, 443, HOSTER + ".");
    return new Environment(network, dns, httpRequests);
  }

  /** Settings for a mailbox of the company, or POX error 500 for any other address. */
  private static MockResponse hostedAnswer(RecordedRequest request) {
    for (String mailbox : MAILBOXES) {
      if (Responders.asksFor(request, mailbox)) {
        return PoxResponses.xml(PoxResponses.settingsXml(displayName(mailbox), mailbox, EWS_URL, EWS_URL));
      }
    }
    return PoxResponses.xml(PoxResponses.errorXml(500, "The email address can't be found."));
  }

  private static String displayName(String mailbox) {
    String local = mailbox.substring(0, mailbox.indexOf('@'));
    StringBuilder name = new StringBuilder();
    for (String part : local.split("\\.")) {
      if (name.length() > 0) {
        name.append(' ');
      }
      name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return name.toString();
  }

  private static MockResponse delayed(MockResponse response, long millis) {
    return millis == 0 ? response : response.newBuilder().headersDelay(millis, TimeUnit.MILLISECONDS).build();
  }

  /**
   * A client for the environment with its own settings cache. The SDK keeps one HTTP client (and its connection
   * pool) per {@link AutodiscoverClient}, so a client built from this one with {@code toBuilder()} shares the
   * cache but opens new connections.
   */
  private static AutodiscoverClient newClient(Environment env) {
    return AutodiscoverClient.builder()
        .proxy(env.network().proxySelector())
        .sslContext(env.network().clientSslContext())
        .dnsResolver(DnsResolver.servers(env.dns().address()).timeout(Duration.ofSeconds(1)).retries(0))
        .trustRedirectHosts(HOSTER)
        .settingsCache(SettingsCache.inMemory())
        .attemptTimeout(ATTEMPT_TIMEOUT)
        .retriesOnTimeout(0)
        .deadline(DEADLINE)
        .build();
  }

  /** Runs one resolution; the sample's time is NaN if it failed or did not behave as {@code kind} must. */
  private static Sample timeOne(Environment env, Kind kind, String email, AutodiscoverClient client) {
    AutodiscoverRequest request = client.forEmail(email).lastKnownGoodFirst(true);
    int requestsBefore = env.httpRequests().countFor(email);
    long start = System.nanoTime();
    AutodiscoverResult result;
    try {
      result = request.resolve();
    } catch (AutodiscoverException e) {
      System.err.println(kind.label + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return new Sample(Double.NaN, 0);
    }
    double millis = (System.nanoTime() - start) / 1e6;
    int sent = env.httpRequests().countFor(email) - requestsBefore;
    String problem = null;
    if (result.method() != kind.expected) {
      problem = "answered by " + result.method() + ", expected " + kind.expected;
    } else if (!result.endpoint().toString().equals(HOSTER_ENDPOINT)) {
      problem = "answered by " + result.endpoint() + ", expected " + HOSTER_ENDPOINT;
    } else if (kind != Kind.FIRST && sent != 1) {
      problem = "sent " + sent + " HTTP requests, expected 1";
    }
    if (problem != null) {
      System.err.println(kind.label + ": " + problem);
      return new Sample(Double.NaN, sent);
    }
    return new Sample(millis, sent);
  }

  private static double[] valid(double[] samples) {
    return Arrays.stream(samples).filter(d -> !Double.isNaN(d)).sorted().toArray();
  }


  /** "n" when every value is n, else "min-max". */
  private static String range(int[] values) {
    int min = Arrays.stream(values).min().orElse(0);
    int max = Arrays.stream(values).max().orElse(0);
    return min == max ? Integer.toString(min) : min + "-" + max;
  }
}
