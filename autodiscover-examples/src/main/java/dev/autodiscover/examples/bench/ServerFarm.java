package dev.autodiscover.examples.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.autodiscover.examples.demo.Responders;
import dev.autodiscover.testkit.DnsResponder;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.SoapResponses;
import dev.autodiscover.testkit.VirtualHostGroup;
import dev.autodiscover.testkit.VirtualNetwork;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Simulated Autodiscover servers for any number of domains, in a process of their own, for benchmarks that
 * measure a client alone (its sockets, heap and RSS). Every {@code autodiscover.farm-NNNNN.com} host (see
 * {@link #domain(int)}) answers POX and SOAP {@code GetUserSettings} for any user of its domain, with the EWS URL
 * {@code https://mail.<domain>/EWS/Exchange.asmx} (see {@link #ewsUrl(String)}), after a delay per response. All
 * names are served by one {@link VirtualHostGroup} behind the testkit's proxy.
 *
 * <pre>{@code
 * java -cp autodiscover-examples/target/autodiscover-cli.jar dev.autodiscover.examples.bench.ServerFarm [--delay-ms 5]
 * }</pre>
 *
 * <p>Prints, one per line, {@code proxy 127.0.0.1:<port>}, {@code ca <PEM file of the root CA>},
 * {@code dns 127.0.0.1:<port>} (a DNS responder with no records, for clients that need one), then {@code ready}.
 * Runs until its standard input ends (its parent closed it or died), then prints {@code served <n> requests}
 * and exits.
 */
public final class ServerFarm {
  /** The host names the farm serves. */
  public static final String HOSTS = "autodiscover\\.farm-\\d{5}\\.com";
  private static final Pattern POX_EMAIL = Pattern.compile("<EMailAddress>([^<]+)</EMailAddress>");

  private ServerFarm() {}

  /**
   * The name of domain {@code index}.
   *
   * @param index 0 to 99,999
   * @return e.g. {@code farm-00042.com}
   */
  public static String domain(int index) {
    return String.format(Locale.ROOT, "farm-%05d.com", index);
  }

  /**
   * The EWS URL the farm answers for an address.
   *
   * @param address an address of a farm domain
   * @return its EWS URL
   */
  public static String ewsUrl(String address) {
    return "https://mail." + address.substring(address.indexOf('@') + 1) + "/EWS/Exchange.asmx";
  }

  /**
   * Starts the farm; see the class comment.
   *
   * @param args {@code --delay-ms N} (default 5): how long each response takes
   * @throws IOException if the CA file cannot be written
   */
  public static void main(String[] args) throws IOException {
    long delay = 5;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--delay-ms") && i + 1 < args.length) {
        delay = Long.parseLong(args[++i]);
      } else {
        System.err.println("usage: ServerFarm [--delay-ms N]");
        System.exit(2);
      }
    }
    long delayMs = delay;
    AtomicLong served = new AtomicLong();
    Path ca = Files.createTempFile("server-farm-ca", ".pem");
    ca.toFile().deleteOnExit();
    try (VirtualNetwork network = VirtualNetwork.start(); DnsResponder dns = DnsResponder.start()) {
      VirtualHostGroup farm = network.hostGroup(HOSTS);
      farm.respondHttps(Responders.dispatcher(r -> answer(r, served, delayMs)));
      Files.writeString(ca, network.rootCertificatePem(), StandardCharsets.US_ASCII);
      System.out.println("proxy 127.0.0.1:" + network.proxyAddress().getPort());
      System.out.println("ca " + ca.toAbsolutePath());
      System.out.println("dns 127.0.0.1:" + dns.address().getPort());
      System.out.println("ready");
      System.out.flush();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // wait for the end of input
      }
      System.out.println("served " + served.get() + " requests for " + farm.namesSeen() + " host names");
    }
  }

  private static MockResponse answer(RecordedRequest request, AtomicLong served, long delayMs) {
    served.incrementAndGet();
    String body;
    if (request.getUrl().encodedPath().toLowerCase(Locale.ROOT).endsWith("/autodiscover.svc")) {
      List<String> users = SoapResponses.requestedMailboxes(request.getBody().toByteArray());
      List<String> answers = new ArrayList<>(users.size());
      for (String user : users) {
        answers.add(SoapResponses.userSettings(user, user, ewsUrl(user), null));
      }
      body = SoapResponses.userResponses(answers);
    } else {
      Matcher m = POX_EMAIL.matcher(Responders.body(request));
      String email = m.find() ? m.group(1) : "unknown@" + domain(0);
      body = PoxResponses.settingsXml(email, email, ewsUrl(email), null);
    }
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/xml; charset=utf-8").body(body)
        .headersDelay(delayMs, TimeUnit.MILLISECONDS).build();
  }
}
