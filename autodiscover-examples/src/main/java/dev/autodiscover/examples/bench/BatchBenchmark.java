package dev.autodiscover.examples.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.BatchItem;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.examples.demo.Responders;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.SoapResponses;
import dev.autodiscover.testkit.VirtualNetwork;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Measures batch discovery against resolving addresses one by one, in a simulated environment on loopback
 * (no network needed). Not a unit test: run it by hand.
 *
 * <pre>{@code
 * java -Xmx256m -cp autodiscover-examples/target/autodiscover-cli.jar \
 *     dev.autodiscover.examples.bench.BatchBenchmark [--addresses 10000] [--domains 50] [--sample 300]
 * }</pre>
 *
 * <p>Each domain {@code fabrikam-NN.com} has an {@code autodiscover.} host with real TLS behind the virtual
 * network's proxy; it answers POX and SOAP {@code GetUserSettings} after a delay of {@value #SERVER_DELAY_MS}
 * ms per response. The batch path resolves every address with default chunk size and concurrency; the
 * one-by-one path resolves a sample of addresses, each with its own single-address discovery, one after the
 * other, and its rate is extrapolated. Both use only the {@code autodiscover.<domain>} method and no cache.
 * Exit code 1 when the ratio of the rates is below {@value #TARGET_RATIO} or an address failed, else 0.
 */
public final class BatchBenchmark {
  /** The target for the ratio batch rate / one-by-one rate. */
  public static final double TARGET_RATIO = 20.0;
  /** How long each simulated server takes to answer. */
  public static final long SERVER_DELAY_MS = 5;
  private static final Pattern POX_EMAIL = Pattern.compile("<EMailAddress>([^<]+)</EMailAddress>");

  /**
   * What one run measured.
   *
   * @param addresses addresses in the batch
   * @param batchSucceeded how many of them succeeded
   * @param batchRate batch addresses per second
   * @param sample addresses resolved one by one
   * @param sampleSucceeded how many of them succeeded
   * @param oneByOneRate one-by-one addresses per second
   * @param serverRequests requests the simulated servers answered
   */
  public record Report(int addresses, int batchSucceeded, double batchRate, int sample, int sampleSucceeded,
      double oneByOneRate, int serverRequests) {
    /**
     * Returns batch rate / one-by-one rate.
     *
     * @return the speed-up
     */
    public double ratio() {
      return batchRate / oneByOneRate;
    }

    /**
     * Whether every address succeeded and the ratio met the target.
     *
     * @return true when the benchmark passes
     */
    public boolean passed() {
      return batchSucceeded == addresses && sampleSucceeded == sample && ratio() >= TARGET_RATIO;
    }
  }

  private BatchBenchmark() {}

  /**
   * Runs the benchmark and exits with 0 (target met) or 1.
   *
   * @param args {@code --addresses N} (default 10000), {@code --domains N} (default 50), {@code --sample N}
   *     (default 300)
   */
  public static void main(String[] args) {
    int addresses = 10_000;
    int domains = 50;
    int sample = 300;
    List<String> a = Arrays.asList(args);
    try {
      for (int i = 0; i < a.size(); i++) {
        switch (a.get(i)) {
          case "--addresses" -> addresses = Integer.parseInt(a.get(++i));
          case "--domains" -> domains = Integer.parseInt(a.get(++i));
          case "--sample" -> sample = Integer.parseInt(a.get(++i));
          default -> throw new IllegalArgumentException(a.get(i));
        }
      }
      if (addresses < domains || domains < 1 || sample < 1) {
        throw new IllegalArgumentException("need addresses >= domains >= 1 and sample >= 1");
      }
    } catch (RuntimeException e) {
      System.err.println("usage: BatchBenchmark [--addresses N] [--domains N] [--sample N] (" + e.getMessage() + ")");
      System.exit(2);
    }
    Report report = run(addresses, domains, sample);
    System.exit(report.passed() ? 0 : 1);
  }

  /**
   * Runs a warm-up, then the measured batch and one-by-one sample, and prints the report on standard output.
   *
   * @param addresses addresses in the batch, spread evenly over the domains
   * @param domains number of domains
   * @param sample addresses to resolve one by one
   * @return what was measured
   */
  public static Report run(int addresses, int domains, int sample) {
    try (VirtualNetwork network = VirtualNetwork.start();
        AutodiscoverClient client = AutodiscoverClient.builder()
            .settingsCache(SettingsCache.disabled())
            .proxy(network.proxySelector())
            .sslContext(network.clientSslContext())
            .attemptTimeout(Duration.ofSeconds(10))
            .deadline(Duration.ofSeconds(60))
            .build()) {
      AtomicInteger served = new AtomicInteger();
      for (int d = 0; d < domains; d++) {
        network.host("autodiscover." + domain(d)).respondHttps(Responders.dispatcher(r -> answer(r, served)));
      }
      List<String> all = new ArrayList<>(addresses);
      for (int i = 0; i < addresses; i++) {
        all.add("user" + i + "@" + domain(i % domains));
      }
      // Warm-up: JIT, TLS sessions and connection pools, on a slice of the same work.
      batch(client, all.subList(0, Math.min(all.size(), Math.max(domains, addresses / 20))));
      oneByOne(client, all.subList(0, Math.min(all.size(), Math.max(1, sample / 10))));
      served.set(0);

      long start = System.nanoTime();
      List<BatchItem> items = batch(client, all);
      double batchSeconds = (System.nanoTime() - start) / 1e9;
      int batchOk = (int) items.stream().filter(BatchItem::isSuccess).count();
      int batchRequests = served.get();

      List<String> picked = new ArrayList<>(sample);
      for (int i = 0; i < sample; i++) {
        picked.add(all.get((int) ((long) i * all.size() / sample)));
      }
      start = System.nanoTime();
      int sampleOk = oneByOne(client, picked);
      double oneSeconds = (System.nanoTime() - start) / 1e9;

      Report report = new Report(addresses, batchOk, addresses / batchSeconds, sample, sampleOk, sample / oneSeconds,
          served.get());
      System.out.printf(Locale.ROOT, "Batch vs one-by-one discovery: %d addresses over %d domains, servers answer "
          + "after %d ms, max heap %d MB%n", addresses, domains, SERVER_DELAY_MS,
          Runtime.getRuntime().maxMemory() / (1024 * 1024));
      System.out.printf(Locale.ROOT, "batch       %6d addresses in %8.2f s = %9.1f addresses/s (%d ok, %d server "
          + "requests)%n", addresses, batchSeconds, report.batchRate(), batchOk, batchRequests);
      System.out.printf(Locale.ROOT, "one-by-one  %6d addresses in %8.2f s = %9.1f addresses/s (%d ok; a sample "
          + "of %d, resolved sequentially, rate extrapolated)%n", sample, oneSeconds, report.oneByOneRate(), sampleOk,
          sample);
      System.out.printf(Locale.ROOT, "RESULT batch/one-by-one = %.1f x (target >= %.0f)%n", report.ratio(),
          TARGET_RATIO);
      if (batchOk != addresses || sampleOk != sample) {
        System.out.println("Some addresses failed; the benchmark does not pass.");
      }
      return report;
    }
  }

  private static String domain(int index) {
    return String.format(Locale.ROOT, "fabrikam-%02d.com", index);
  }

  private static List<BatchItem> batch(AutodiscoverClient client, List<String> addresses) {
    return client.forEmails(addresses).only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve();
  }

  private static int oneByOne(AutodiscoverClient client, List<String> addresses) {
    int ok = 0;
    for (String address : addresses) {
      try {
        client.forEmail(address).only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve();
        ok++;
      } catch (AutodiscoverException e) {
        System.err.println(address + ": " + e.getMessage());
      }
    }
    return ok;
  }

  private static MockResponse answer(RecordedRequest request, AtomicInteger served) {
    served.incrementAndGet();
    String body;
    if (request.getUrl().encodedPath().toLowerCase(Locale.ROOT).endsWith("/autodiscover.svc")) {
      List<String> users = SoapResponses.requestedMailboxes(request.getBody().toByteArray());
      List<String> answers = new ArrayList<>(users.size());
      for (String user : users) {
        answers.add(SoapResponses.userSettings(user, user, "https://mail." + user.substring(user.indexOf('@') + 1)
            + "/EWS/Exchange.asmx", null));
      }
      body = SoapResponses.userResponses(answers);
    } else {
      Matcher m = POX_EMAIL.matcher(Responders.body(request));
      String email = m.find() ? m.group(1) : "unknown@fabrikam-00.com";
      body = PoxResponses.settingsXml(email, email, "https://mail." + email.substring(email.indexOf('@') + 1)
          + "/EWS/Exchange.asmx", null);
    }
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/xml; charset=utf-8").body(body)
        .headersDelay(SERVER_DELAY_MS, TimeUnit.MILLISECONDS).build();
  }
}
