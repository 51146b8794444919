package dev.autodiscover.examples.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.BatchItem;
import dev.autodiscover.BatchRequest;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.examples.cli.PemTrust;

/**
 * Measures one large batch in a JVM of its own against a {@link ServerFarm} in another process, so that the
 * sockets, heap and RSS measured are the client's alone. Not a unit test: run it by hand, with the heap and the
 * file-descriptor limit of the situation to check, e.g.
 *
 * <pre>{@code
 * bash -c 'ulimit -n 1024; java -Xmx512m -cp autodiscover-examples/target/autodiscover-cli.jar \
 *     dev.autodiscover.examples.bench.BatchScaleBenchmark --addresses 100000 --domains 10000'
 * java -Xmx256m -cp autodiscover-examples/target/autodiscover-cli.jar \
 *     dev.autodiscover.examples.bench.BatchScaleBenchmark --addresses 50000 --domains 50
 * }</pre>
 *
 * <p>Addresses {@code user<i>@farm-<i mod domains>.com} are resolved in one batch with the default chunk size,
 * the given concurrency (default {@value BatchRequest#DEFAULT_CONCURRENCY}) and only the
 * {@code autodiscover.<domain>} method. While it runs, a sampler reads every 20 ms how many of this process's
 * file descriptors are TCP or UDP sockets ({@code /proc/self/fd} against {@code /proc/self/net}), the heap in use
 * and the RSS ({@code /proc/self/status}).
 * Prints addresses/s, the peak of open sockets (less those open before the batch) against the concurrency limit,
 * peak heap and RSS, and the heap after a full GC before the batch, with the results held, and after they are
 * dropped ({@code --histogram} adds the largest classes then, {@code --settle-seconds N} the heap N s later). Exit code 0 when every
 * address resolved to its EWS URL and the sockets stayed within the limit, else 1.
 */
public final class BatchScaleBenchmark {
  private static final long SAMPLE_MS = 20;

  private BatchScaleBenchmark() {}

  /**
   * Runs the benchmark; see the class comment.
   *
   * @param args {@code --addresses N} (default 100000), {@code --domains N} (default 10000), {@code --concurrency N}
   *     (default 8), {@code --delay-ms N} (server delay, default 5), {@code --farm-heap SIZE} (default 1g)
   * @throws Exception if the farm cannot be started or the batch fails as a whole
   */
  public static void main(String[] args) throws Exception {
    int addresses = 100_000;
    int domains = 10_000;
    int concurrency = BatchRequest.DEFAULT_CONCURRENCY;
    String delay = "5";
    String farmHeap = "1g";
    boolean histogram = false;
    int settle = 0;
    List<String> a = Arrays.asList(args);
    for (int i = 0; i < a.size(); i++) {
      switch (a.get(i)) {
        case "--addresses" -> addresses = Integer.parseInt(a.get(++i));
        case "--domains" -> domains = Integer.parseInt(a.get(++i));
        case "--concurrency" -> concurrency = Integer.parseInt(a.get(++i));
        case "--delay-ms" -> delay = a.get(++i);
        case "--farm-heap" -> farmHeap = a.get(++i);
        case "--histogram" -> histogram = true;
        case "--settle-seconds" -> settle = Integer.parseInt(a.get(++i));
        default -> {
          System.err.println("usage: BatchScaleBenchmark [--addresses N] [--domains N] [--concurrency N] "
              + "[--delay-ms N] [--farm-heap SIZE] [--histogram] [--settle-seconds N]");
          System.exit(2);
        }
      }
    }
    Process farm = startFarm(farmHeap, delay);
    boolean passed;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(farm.getInputStream(), StandardCharsets.UTF_8));
      int proxyPort = 0;
      Path ca = null;
      for (String line = out.readLine(); line != null && !line.equals("ready"); line = out.readLine()) {
        if (line.startsWith("proxy ")) {
          proxyPort = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
        } else if (line.startsWith("ca ")) {
          ca = Path.of(line.substring(3));
        }
      }
      if (proxyPort == 0 || ca == null) {
        throw new IllegalStateException("the server farm did not start");
      }
      Thread drain = new Thread(() -> { // the farm must never block on a full pipe
        try {
          for (String line = out.readLine(); line != null; line = out.readLine()) {
            System.out.println("farm: " + line);
          }
        } catch (IOException e) {
          // the farm ended
        }
      }, "farm-output");
      drain.setDaemon(true);
      drain.start();
      passed = run(addresses, domains, concurrency, proxyPort, ca, histogram, settle);
      farm.getOutputStream().close();
      drain.join(10_000);
    } finally {
      farm.destroy();
    }
    System.exit(passed ? 0 : 1);
  }

  private static Process startFarm(String heap, String delay) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
        ServerFarm.class.getName(), "--delay-ms", delay).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static boolean run(int addresses, int domains, int concurrency, int proxyPort, Path ca, boolean histogram,
      int settle) throws Exception {
    List<String> all = new ArrayList<>(addresses);
    for (int i = 0; i < addresses; i++) {
      all.add("user" + i + "@" + ServerFarm.domain(i % domains));
    }
    Sampler sampler = new Sampler();
    long before;
    long held;
    long dropped;
    long socketsBefore;
    double seconds;
    int ok = 0;
    String firstWrong = null;
    try (AutodiscoverClient client = AutodiscoverClient.builder()
        .settingsCache(SettingsCache.disabled())
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxyPort)))
        .sslContext(PemTrust.fromFile(ca))
        .attemptTimeout(Duration.ofSeconds(10))
        .deadline(Duration.ofMinutes(30))
        .build()) {
      before = heapAfterGc();
      socketsBefore = Sampler.sockets();
      sampler.start();
      long start = System.nanoTime();
      List<BatchItem> items = client.forEmails(all).only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
          .concurrency(concurrency).resolve();
      seconds = (System.nanoTime() - start) / 1e9;
      sampler.stop();
      for (int i = 0; i < items.size(); i++) {
        BatchItem item = items.get(i);
        String expected = ServerFarm.ewsUrl(all.get(i));
        if (item.isSuccess() && item.ewsUrl().map(u -> u.uri().toString()).orElse("").equals(expected)) {
          ok++;
        } else if (firstWrong == null) {
          firstWrong = all.get(i) + ": " + item;
        }
      }
      held = heapAfterGc();
      if (histogram) {
        printHistogram("with the results held");
      }
      java.lang.ref.Reference.reachabilityFence(items); // held until here, whatever the JIT sees
      items = null;
      dropped = heapAfterGc();
      if (settle > 0) {
        Thread.sleep(settle * 1000L);
        System.out.printf(Locale.ROOT, "heap after full GC %d s later: %d MB%n", settle, heapAfterGc() >> 20);
      }
      if (histogram) {
        printHistogram("with the results dropped (client still open)");
      }
    }
    long max = Runtime.getRuntime().maxMemory();
    System.out.printf(Locale.ROOT, "Batch at scale: %d addresses over %d domains, concurrency %d, max heap %d MB, "
        + "java %s%n", addresses, domains, concurrency, max >> 20, Runtime.version());
    System.out.printf(Locale.ROOT, "resolved     %d of %d to the expected EWS URL in %.2f s = %.0f addresses/s%n",
        ok, addresses, seconds, addresses / seconds);
    long batchSockets = sampler.peakSockets.get() - socketsBefore;
    System.out.printf(Locale.ROOT, "sockets      peak %d open, %d before the batch: %d for the batch (limit: "
        + "concurrency %d)%n", sampler.peakSockets.get(), socketsBefore, batchSockets, concurrency);
    System.out.printf(Locale.ROOT, "heap         peak %d MB in use; after full GC: before %d MB, results held %d MB, "
        + "results dropped %d MB (results ~ %d MB)%n", sampler.peakHeap.get() >> 20, before >> 20, held >> 20,
        dropped >> 20, (held - dropped) >> 20);
    System.out.printf(Locale.ROOT, "rss          peak %d MB%n", sampler.peakRss.get() >> 20);
    if (firstWrong != null) {
      System.out.println("first wrong: " + firstWrong);
    }
    boolean passed = ok == addresses && batchSockets <= concurrency;
    System.out.println("RESULT " + (passed ? "PASS" : "FAIL"));
    return passed;
  }

  /** Prints the largest classes of this JVM's live heap ({@code jcmd <pid> GC.class_histogram}). */
  private static void printHistogram(String when) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(ProcessHandle.current().pid()),
        "GC.class_histogram").redirectErrorStream(true).start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      System.out.println("heap histogram " + when + ":");
      List<String> lines = r.lines().toList(); // read to the end, so that jcmd never blocks on the pipe
      lines.stream().skip(1).limit(25).forEach(line -> System.out.println("  " + line));
      lines.stream().filter(line -> line.contains("dev.autodiscover") || line.contains("net.http.HttpClientImpl ")
          || line.contains("SSLSessionImpl ")).limit(15).forEach(line -> System.out.println("  " + line));
    }
    p.waitFor();
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Samples open sockets, heap in use and RSS of this process until stopped. */
  private static final class Sampler implements Runnable {
    final AtomicLong peakSockets = new AtomicLong();
    final AtomicLong peakHeap = new AtomicLong();
    final AtomicLong peakRss = new AtomicLong();
    private volatile boolean running = true;
    private final Thread thread = new Thread(this, "scale-benchmark-sampler");

    void start() {
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }

    @Override
    public void run() {
      while (running) {
        peakSockets.accumulateAndGet(sockets(), Math::max);
        peakHeap.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        peakRss.accumulateAndGet(rss(), Math::max);
        try {
          Thread.sleep(SAMPLE_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /**
     * This process's open network sockets: descriptors that are sockets whose inode is a TCP or UDP socket
     * ({@code /proc/self/net/tcp}, {@code tcp6}, {@code udp}, {@code udp6}). Unix-domain sockets (the JVM or libc may
     * keep one, opened before the batch on one JDK and during it on another) are no connections and not counted.
     */
    private static long sockets() {
      java.util.Set<String> inet = new java.util.HashSet<>();
      for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
        try {
          List<String> rows = Files.readAllLines(Path.of("/proc/self/net", table));
          for (String row : rows.subList(Math.min(1, rows.size()), rows.size())) {
            String[] fields = row.trim().split("\\s+");
            if (fields.length > 9) {
              inet.add(fields[9]);
            }
          }
        } catch (IOException absent) {
          // no such table (e.g. IPv6 disabled)
        }
      }
      long n = 0;
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
        for (Path fd : fds) {
          try {
            String target = Files.readSymbolicLink(fd).toString(); // socket:[12345]
            if (target.startsWith("socket:[") && inet.contains(target.substring(8, target.length() - 1))) {
              n++;
            }
          } catch (IOException closedMeanwhile) {
            // the descriptor was closed while listing
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return n;
    }

    private static long rss() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (line.startsWith("VmRSS:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return 0;
    }
  }
}
