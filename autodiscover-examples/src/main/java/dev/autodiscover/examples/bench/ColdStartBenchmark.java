package dev.autodiscover.examples.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import dev.autodiscover.examples.demo.Responders;
import dev.autodiscover.testkit.DnsResponder;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.VirtualNetwork;

/**
 * Measures the cold start: the wall time of the command-line tool resolving a plain on-premises mailbox as a fresh
 * process, against the JVM's own bare start ({@code java -version}) measured in the same run, plus the first
 * resolve in a fresh JVM as an embedding application meets it ({@link ColdStartProbe}) and a warm resolve. Runs in
 * a simulated environment on loopback, served by this process (no network needed). Not a unit test: run it by
 * hand, after {@code ./mvnw -B -q -DskipTests install} (or {@code package}).
 *
 * <pre>{@code
 * java -cp autodiscover-examples/target/autodiscover-cli.jar \
 *     dev.autodiscover.examples.bench.ColdStartBenchmark [--runs 15] [--latency-ms 2] \
 *     [--launcher autodiscover-examples/bin/autodiscover] [--jar autodiscover-examples/target/autodiscover-cli.jar]
 * }</pre>
 *
 * <p>The environment: {@value #DOMAIN}'s web site {@code https://}{@value #DOMAIN} answers the POST with a 404,
 * {@code autodiscover.}{@value #DOMAIN} answers with the mailbox's settings (EWS URL {@value #EWS_URL}), the DNS
 * server knows no SRV record, SCP is not configured (the machine is not domain-joined). Every HTTP server adds
 * {@code --latency-ms} (default {@value #DEFAULT_LATENCY_MS}). The tool runs as
 * {@code resolve <mailbox> --proxy <network's proxy> --ca-cert <the network's CA in a PEM file> --dns-server
 * <the DNS server> --no-cache}, once per round in each of two ways: <b>java -jar</b> (the plain shaded jar, no
 * JVM options) and <b>launcher</b> (the script {@code autodiscover-examples/bin/autodiscover}, which uses the
 * class-data archive the build made). Each round also times one bare {@code java -version} and two
 * {@link ColdStartProbe} child JVMs: a plain one (<b>in-process first</b>: provider load and first resolve, as an
 * embedding application without JVM options meets them, then <b>in-process warm</b>: the median of
 * 20 more resolves with the same client) and one started with the build's archive (<b>same, archived</b>: what an
 * application that archives its classes gets; the AOT cache on JDK 25 and later when the build made one, as the
 * launcher prefers it there, else the class-data archive), and a plain one whose client's
 * {@code warmUp()} has ended before the clock starts (<b>after warmUp()</b>). Three more rows measure the floor
 * under a cold first request, the JDK's own HTTP client doing the one exchange that answers ({@link
 * JdkFloorProbe}): <b>JDK alone, process</b> (a fresh process with the launcher's JVM options and archive), <b>JDK
 * alone, in-process</b> (its own clock in a plain JVM, as for <b>in-process first</b>) and <b>JDK alone,
 * in-process, archived</b> (the same with the archive of <b>same, archived</b>). The launcher, the first resolve,
 * the archived one and the one after {@code warmUp()} (which paid for the JDK's set-up before its clock started,
 * so it can go below) are also printed as ratios to them. Two more, <b>JDK all, process</b> and <b>JDK all,
 * in-process</b>, have the JDK alone make every exchange the SDK's default run makes here, started together (the
 * root's POX and SOAP POSTs, the autodiscover host's POST, the plain-HTTP GET, the SRV query; see {@link
 * JdkFloorProbe}), so that the launcher and the first resolve can be set against the same work done without the
 * SDK. The last, <b>JDK TLS socket only</b> ({@link TlsSocketFloorProbe}), is the floor of any client on the JDK's
 * TLS: the one POST that answers, made over a bare {@code SSLSocket} through the proxy's tunnel with no HTTP client,
 * timed in a plain JVM as <b>in-process first</b> is. The first round is a warm-up (file caches) and is not
 * counted.
 *
 * <p>A run counts as failed (and is left out of the statistics) when the process exits with another code than 0
 * or its output does not name the expected EWS URL. Prints median, p90, min and max of each kind, the ratios of the
 * medians to the bare JVM start, and {@code RESULT}. Exit code 0 when no run failed, the launcher's median is at
 * most {@value #TARGET_CLI_SECONDS} s and the probe's first resolve at most {@value #TARGET_FIRST_MS} ms; 1
 * otherwise; 2 for a bad command line.
 */
public final class ColdStartBenchmark {
  /** Target for the median wall time of one cold command-line resolve with the launcher, in seconds. */
  public static final double TARGET_CLI_SECONDS = 0.4;
  /** Target for the first in-process resolve in a fresh JVM, provider load included, in milliseconds. */
  public static final double TARGET_FIRST_MS = 150;
  /** Default simulated latency of every HTTP server, in milliseconds. */
  public static final long DEFAULT_LATENCY_MS = 2;

  /**
   * The JIT and GC options {@code bin/autodiscover} gives every command but {@code batch}, in its order; the JDK's
   * process rows get the same, so that the launcher is set against the same JVM.
   */
  static final List<String> LAUNCHER_JIT_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:+UseSerialGC");

  static final String DOMAIN = "northwindtraders.com";
  static final String MAILBOX = "nadia.haddad@" + DOMAIN;
  static final String EWS_URL = "https://mail." + DOMAIN + "/EWS/Exchange.asmx";
  private static final int WARM_RESOLVES = 20;
  private static final String USAGE =
      "usage: ColdStartBenchmark [--runs N] [--latency-ms N] [--launcher FILE] [--jar FILE]";

  private enum Kind {
    BARE("java -version"),
    JAR("java -jar"),
    LAUNCHER("launcher"),
    JDK_PROCESS("JDK alone, process"),
    JDK_ALL_PROCESS("JDK all, process"),
    PROBE_FIRST("in-process first"),
    PROBE_WARM("in-process warm"),
    PROBE_CDS_FIRST("  same, archived"),
    PROBE_WARMED_FIRST("  after warmUp()"),
    PROBE_WARMUP("  warmUp() itself"),
    JDK_FIRST("JDK alone, in-process"),
    JDK_ARCHIVED_FIRST("  same, archived"),
    JDK_ALL_FIRST("JDK all, in-process"),
    SOCKET_FIRST("JDK TLS socket only");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  private ColdStartBenchmark() {}

  /**
   * Runs the benchmark and exits with its exit code.
   *
   * @param args {@code --runs N} (default 15), {@code --latency-ms N} (default {@value #DEFAULT_LATENCY_MS}),
   *     {@code --launcher FILE} (default {@code autodiscover-examples/bin/autodiscover}, else {@code
   *     bin/autodiscover} next to the jar's {@code target} directory), {@code --jar FILE} (the command-line jar
   *     to start, default the jar this class runs from; another one, e.g. an older build, is put before this one
   *     on the probe's class path)
   */
  public static void main(String[] args) {
    int runs = 15;
    long latencyMs = DEFAULT_LATENCY_MS;
    Path launcher = null;
    Path jar = null;
    try {
      for (Map.Entry<String, String> option : BenchOptions.pairs(args)) {
        String value = option.getValue();
        switch (option.getKey()) {
          case "--runs" -> runs = Integer.parseInt(value);
          case "--latency-ms" -> latencyMs = Long.parseLong(value);
          case "--launcher" -> launcher = Path.of(value);
          case "--jar" -> jar = Path.of(value);
          default -> throw new IllegalArgumentException("unknown option " + option.getKey());
        }
      }
      if (runs < 1 || runs > 1000 || latencyMs < 0 || latencyMs > 1000) {
        throw new IllegalArgumentException("runs must be 1..1000 and latency-ms 0..1000");
      }
    } catch (IllegalArgumentException e) { // NumberFormatException included
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
    }
    if (jar == null) {
      jar = ownJar();
    }
    if (launcher == null) {
      launcher = jar.toAbsolutePath().getParent().resolveSibling("bin").resolve("autodiscover");
    }
    try {
      System.exit(run(runs, latencyMs, jar, launcher, System.out));
    } catch (IOException e) {
      System.err.println("benchmark failed: " + e);
      System.exit(1);
    }
  }

  /** The jar (or class directory) this class was loaded from. */
  private static Path ownJar() {
    try {
      return Path.of(ColdStartBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Builds the environment, runs the rounds and prints the report.
   *
   * @param runs measured rounds, 1 to 1,000 (one more runs first as a warm-up)
   * @param latencyMs simulated latency of every HTTP server, 0 to 1,000 ms
   * @param jar the shaded command-line jar
   * @param launcher the fast launcher script
   * @param out where the report goes; not closed
   * @return the exit code, see the class documentation
   * @throws IOException if the CA file cannot be written or a process cannot be started
   */
  public static int run(int runs, long latencyMs, Path jar, Path launcher, PrintStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    out.printf(Locale.ROOT, "Cold start of a plain on-premises resolve (%s): %d rounds after 1 warm-up, JVM %s %s,"
        + " %d cores%n", MAILBOX, runs, System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    out.printf(Locale.ROOT, "Environment: https://%s answers 404, https://autodiscover.%s answers settings, no SRV "
        + "record, no SCP; %d ms latency per HTTP answer.%n%n", DOMAIN, DOMAIN, latencyMs);
    double[][] samples = new double[Kind.values().length][runs];
    int[] failures = new int[Kind.values().length];
    Path ca = Files.createTempFile("coldstart-ca", ".pem");
    try (VirtualNetwork network = VirtualNetwork.start(); DnsResponder dns = DnsResponder.start()) {
      AtomicInteger requests = environment(network, latencyMs);
      Files.writeString(ca, network.rootCertificatePem(), StandardCharsets.US_ASCII);
      String proxy = "127.0.0.1:" + network.proxyAddress().getPort();
      String dnsServer = "127.0.0.1:" + dns.address().getPort();
      List<String> cliArgs = List.of("resolve", MAILBOX, "--proxy", proxy, "--ca-cert", ca.toString(),
          "--dns-server", dnsServer, "--no-cache");
      List<String> jarCommand = new ArrayList<>(List.of(java, "-jar", jar.toString()));
      jarCommand.addAll(cliArgs);
      List<String> launcherCommand = new ArrayList<>(List.of(launcher.toString()));
      launcherCommand.addAll(cliArgs);
      String probeClassPath =
          jar.equals(ownJar()) ? jar.toString() : jar + System.getProperty("path.separator") + ownJar();
      List<String> probeCommand = List.of(java, "-cp", probeClassPath, ColdStartProbe.class.getName(), MAILBOX,
          proxy, ca.toString(), dnsServer, Integer.toString(WARM_RESOLVES));
      // The build's archive for this JVM, as bin/autodiscover chooses it: on JDK 25 and later the AOT cache when the
      // build made one (JEP 483, 514), else the class-data archive (AppCDS).
      String version = System.getProperty("java.version");
      Path aot = jar.toAbsolutePath().resolveSibling("autodiscover-cli-" + version + ".aot");
      boolean useAot = Runtime.version().feature() >= 25 && Files.isReadable(aot);
      Path archive = useAot ? aot : jar.toAbsolutePath().resolveSibling("autodiscover-cli-" + version + ".jsa");
      List<String> archiveOptions = useAot ? List.of("-XX:AOTCache=" + archive, "-Xlog:aot*=off")
          : List.of("-Xshare:auto", "-Xlog:cds=off", "-XX:SharedArchiveFile=" + archive);
      List<String> cdsProbeCommand = withJvmOptions(probeCommand, archiveOptions);
      cdsProbeCommand.set(cdsProbeCommand.size() - 1, "0"); // no warm resolves
      List<String> floorCommand = List.of(java, "-cp", probeClassPath, JdkFloorProbe.class.getName(), MAILBOX, proxy,
          ca.toString());
      List<String> archivedFloorCommand = withJvmOptions(floorCommand, archiveOptions);
      List<String> floorProcessCommand =
          withJvmOptions(archivedFloorCommand, LAUNCHER_JIT_OPTIONS);
      List<String> socketCommand = List.of(java, "-cp", probeClassPath, TlsSocketFloorProbe.class.getName(), MAILBOX,
          proxy, ca.toString());
      List<String> allFloorCommand = new ArrayList<>(floorCommand);
      allFloorCommand.add(dnsServer);
      List<String> allFloorProcessCommand = new ArrayList<>(floorProcessCommand);
      allFloorProcessCommand.add(dnsServer);
      out.printf(Locale.ROOT, "%s for the archived rows: %s (%s)%n%n", useAot ? "AOT cache" : "Class-data archive",
          archive, Files.isReadable(archive) ? "present" : "MISSING: those rows measure a plain start");
      for (int round = -1; round < runs; round++) {
        double[] r = new double[Kind.values().length];
        r[Kind.BARE.ordinal()] = time(List.of(java, "-version"), null, java).millis;
        r[Kind.JAR.ordinal()] = time(jarCommand, EWS_URL, java).millis;
        r[Kind.LAUNCHER.ordinal()] = time(launcherCommand, EWS_URL, java).millis;
        Timed probe = time(probeCommand, "ews=" + EWS_URL, java);
        r[Kind.PROBE_FIRST.ordinal()] = probeValue(probe, "first=");
        r[Kind.PROBE_WARM.ordinal()] = probeValue(probe, "warm=");
        r[Kind.PROBE_CDS_FIRST.ordinal()] = probeValue(time(cdsProbeCommand, "ews=" + EWS_URL, java), "first=");
        List<String> warmedCommand = new ArrayList<>(probeCommand.subList(0, probeCommand.size() - 1));
        warmedCommand.addAll(List.of("0", "warm-up"));
        Timed warmed = time(warmedCommand, "ews=" + EWS_URL, java);
        r[Kind.PROBE_WARMED_FIRST.ordinal()] = probeValue(warmed, "first=");
        r[Kind.PROBE_WARMUP.ordinal()] = probeValue(warmed, "warmup=");
        r[Kind.JDK_PROCESS.ordinal()] = time(floorProcessCommand, "ews=" + EWS_URL, java).millis;
        r[Kind.JDK_ALL_PROCESS.ordinal()] = time(allFloorProcessCommand, "ews=" + EWS_URL, java).millis;
        r[Kind.JDK_ALL_FIRST.ordinal()] = probeValue(time(allFloorCommand, "ews=" + EWS_URL, java), "first=");
        r[Kind.JDK_FIRST.ordinal()] = probeValue(time(floorCommand, "ews=" + EWS_URL, java), "first=");
        r[Kind.JDK_ARCHIVED_FIRST.ordinal()] =
            probeValue(time(archivedFloorCommand, "ews=" + EWS_URL, java), "first=");
        r[Kind.SOCKET_FIRST.ordinal()] = probeValue(time(socketCommand, "ews=" + EWS_URL, java), "first=");
        for (Kind k : Kind.values()) {
          if (Double.isNaN(r[k.ordinal()])) {
            failures[k.ordinal()]++;
          }
          if (round >= 0) {
            samples[k.ordinal()][round] = r[k.ordinal()];
          }
        }
      }
      out.printf(Locale.ROOT, "HTTP requests served: %d%n%n", requests.get());
    } finally {
      Files.deleteIfExists(ca);
    }
    out.printf(Locale.ROOT, "%-22s %10s %10s %10s %10s %8s %6s%n", "kind", "median ms", "p90 ms", "min ms",
        "max ms", "x bare", "fails");
    double[] medians = new double[Kind.values().length];
    for (Kind k : Kind.values()) {
      double[] valid = Arrays.stream(samples[k.ordinal()]).filter(d -> !Double.isNaN(d)).sorted().toArray();
      medians[k.ordinal()] = BenchStats.percentile(valid, 50);
    }
    for (Kind k : Kind.values()) {
      double[] valid = Arrays.stream(samples[k.ordinal()]).filter(d -> !Double.isNaN(d)).sorted().toArray();
      boolean process = k.ordinal() <= Kind.JDK_ALL_PROCESS.ordinal();
      out.printf(Locale.ROOT, "%-22s %10.1f %10.1f %10.1f %10.1f %8s %6d%n", k.label, medians[k.ordinal()],
          BenchStats.percentile(valid, 90), valid.length == 0 ? Double.NaN : valid[0],
          valid.length == 0 ? Double.NaN : valid[valid.length - 1],
          process ? String.format(Locale.ROOT, "%.1f", medians[k.ordinal()] / medians[Kind.BARE.ordinal()]) : "",
          failures[k.ordinal()]);
    }
    int totalFailures = Arrays.stream(failures).sum();
    double launcherSeconds = medians[Kind.LAUNCHER.ordinal()] / 1000;
    double first = medians[Kind.PROBE_FIRST.ordinal()];
    out.printf(Locale.ROOT, "%nRUNS %d measured rounds (+1 warm-up), %d failed run(s)%n", runs, totalFailures);
    out.printf(Locale.ROOT, "RESULT launcher = %.3f s (target <= %.1f s), %.1fx bare JVM; java -jar = %.3f s, "
        + "%.1fx bare JVM; launcher/java -jar = %.2f%n", launcherSeconds, TARGET_CLI_SECONDS,
        medians[Kind.LAUNCHER.ordinal()] / medians[Kind.BARE.ordinal()], medians[Kind.JAR.ordinal()] / 1000,
        medians[Kind.JAR.ordinal()] / medians[Kind.BARE.ordinal()],
        medians[Kind.LAUNCHER.ordinal()] / medians[Kind.JAR.ordinal()]);
    out.printf(Locale.ROOT, "RESULT first in-process resolve = %.1f ms (target <= %.0f ms); after warmUp() = %.1f ms"
        + " (warmUp() itself %.1f ms, on its own thread); warm resolve = %.2f ms%n", first, TARGET_FIRST_MS,
        medians[Kind.PROBE_WARMED_FIRST.ordinal()], medians[Kind.PROBE_WARMUP.ordinal()],
        medians[Kind.PROBE_WARM.ordinal()]);
    out.printf(Locale.ROOT, "RESULT against the JDK alone (one HttpClient POST of the same request, same JVM options): "
        + "launcher/JDK process = %.2f, in-process first/JDK in-process = %.2f, archived/JDK archived = %.2f, "
        + "after warmUp()/JDK in-process = %.2f%n",
        medians[Kind.LAUNCHER.ordinal()] / medians[Kind.JDK_PROCESS.ordinal()],
        first / medians[Kind.JDK_FIRST.ordinal()],
        medians[Kind.PROBE_CDS_FIRST.ordinal()] / medians[Kind.JDK_ARCHIVED_FIRST.ordinal()],
        medians[Kind.PROBE_WARMED_FIRST.ordinal()] / medians[Kind.JDK_FIRST.ordinal()]);
    out.printf(Locale.ROOT, "RESULT against the JDK alone making every exchange the SDK's run makes (4 HTTP requests"
        + " on 3 connections and the SRV query, started together): launcher/JDK all process = %.2f, in-process"
        + " first/JDK all in-process = %.2f%n",
        medians[Kind.LAUNCHER.ordinal()] / medians[Kind.JDK_ALL_PROCESS.ordinal()],
        first / medians[Kind.JDK_ALL_FIRST.ordinal()]);
    out.printf(Locale.ROOT, "RESULT floor of any client on the JDK's TLS: the one POST over a bare TLS socket, no HTTP"
        + " client, in a plain JVM = %.1f ms (the first-resolve target, %.0f ms, is %.2fx it); in-process first/that"
        + " = %.2f%n", medians[Kind.SOCKET_FIRST.ordinal()], TARGET_FIRST_MS,
        TARGET_FIRST_MS / medians[Kind.SOCKET_FIRST.ordinal()], first / medians[Kind.SOCKET_FIRST.ordinal()]);
    if (totalFailures > 0) {
      out.println("Some runs failed (see 'fails' and standard error); they are left out of the statistics.");
    }
    boolean met = launcherSeconds <= TARGET_CLI_SECONDS && first <= TARGET_FIRST_MS; // false for NaN
    return met && totalFailures == 0 ? 0 : 1;
  }

  /** {@return a copy of {@code command}, a {@code java} command line, with {@code options} right after the JVM} */
  private static List<String> withJvmOptions(List<String> command, List<String> options) {
    List<String> with = new ArrayList<>(command.size() + options.size());
    with.add(command.get(0));
    with.addAll(options);
    with.addAll(command.subList(1, command.size()));
    return with;
  }

  /** One process run: wall time in ms (NaN when it failed) and its standard output. */
  private record Timed(double millis, String output) {}

  /**
   * Starts a process, waits for it and times it from start to exit; NaN when it exits with another code than 0,
   * takes over a minute, or (when {@code expected} is not null) its output does not contain {@code expected}.
   */
  private static Timed time(List<String> command, String expected, String java) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(expected == null);
    builder.environment().put("JAVA_HOME", Path.of(java).getParent().getParent().toString());
    long start = System.nanoTime();
    Process process = builder.start();
    String output;
    try (InputStream stdout = process.getInputStream()) {
      output = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        System.err.println(command.get(0) + ": timed out");
        return new Timed(Double.NaN, output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return new Timed(Double.NaN, "");
    }
    double millis = (System.nanoTime() - start) / 1e6;
    String errors = expected == null ? "" : new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0 || (expected != null && !output.contains(expected))) {
      System.err.printf(Locale.ROOT, "failed run (exit %d): %s%n%s%s%n", process.exitValue(), command, output, errors);
      return new Timed(Double.NaN, output);
    }
    return new Timed(millis, output);
  }

  /** A number from the probe's {@code PROBE} line; NaN when the probe failed. */
  private static double probeValue(Timed probe, String key) {
    if (Double.isNaN(probe.millis)) {
      return Double.NaN;
    }
    int at = probe.output.indexOf(key);
    int end = probe.output.indexOf(' ', at);
    return Double.parseDouble(probe.output.substring(at + key.length(), end));
  }

  /** Sets up the servers described in the class documentation; returns the count of HTTP requests served. */
  static AtomicInteger environment(VirtualNetwork network, long latencyMs) {
    AtomicInteger requests = new AtomicInteger();
    network.host(DOMAIN).respondHttps(Responders.dispatcher(r -> {
      requests.incrementAndGet();
      return delayed(Responders.htmlPage("Page not found").newBuilder().code(404).build(), latencyMs);
    }));
    network.host("autodiscover." + DOMAIN)
        .respondHttps(Responders.dispatcher(r -> {
          requests.incrementAndGet();
          return delayed(Responders.asksFor(r, MAILBOX)
              ? PoxResponses.xml(PoxResponses.settingsXml("Nadia Haddad", MAILBOX, EWS_URL, EWS_URL))
              : PoxResponses.xml(PoxResponses.errorXml(500, "The email address can't be found.")), latencyMs);
        }))
        .respondHttp(Responders.dispatcher(r -> {
          requests.incrementAndGet();
          return delayed(Responders.status(404), latencyMs);
        }));
    return requests;
  }

  private static mockwebserver3.MockResponse delayed(mockwebserver3.MockResponse response, long millis) {
    return millis == 0 ? response : response.newBuilder().headersDelay(millis, TimeUnit.MILLISECONDS).build();
  }

}
