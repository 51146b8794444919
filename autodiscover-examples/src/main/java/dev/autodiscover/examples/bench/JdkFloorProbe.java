package dev.autodiscover.examples.bench;

import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import dev.autodiscover.examples.cli.PemTrust;

/**
 * The floor under {@link ColdStartBenchmark}: what the JDK's own HTTP client costs for the one exchange that
 * answers the benchmark's mailbox, with no Autodiscover code at all. Run in a fresh JVM, it builds a
 * {@code java.net.http.HttpClient} with the same proxy and TLS trust as {@link ColdStartProbe}, POSTs Outlook's POX
 * request for the mailbox to {@code https://autodiscover.}{@value ColdStartBenchmark#DOMAIN}{@code
 * /autodiscover/autodiscover.xml}, reads the body as text, and prints one line: {@code PROBE first=<ms> ews=<the
 * benchmark's EWS URL if the body names it, else none>}. The clock runs from before the client is built to the
 * body's end; the TLS trust is set up before it starts, as in {@link ColdStartProbe}. The process then ends its
 * client's selector thread, as the SDK's {@code close()} does, and exits. An SDK resolve that costs
 * about this much has nothing left to cut but the JDK's own first TLS handshake.
 *
 * <pre>{@code
 * java -cp autodiscover-cli.jar dev.autodiscover.examples.bench.JdkFloorProbe <email> <proxy-host:port> <ca.pem>
 * }</pre>
 *
 * <p>Exit code 0 after an answer with status 200, 1 otherwise (the reason goes to standard error), 2 for a bad
 * command line. Not a unit test; started by {@link ColdStartBenchmark}.
 */
public final class JdkFloorProbe {
  private JdkFloorProbe() {}

  /**
   * Runs the probe.
   *
   * @param args email, proxy {@code host:port}, CA PEM file, and optionally the DNS server {@code host:port} (then
   *     the SDK's exchanges are made, see the class documentation)
   * @throws Exception if the trust set-up fails (the JVM then exits with 1 and a stack trace)
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 3 && args.length != 4) {
      System.err.println("usage: JdkFloorProbe <email> <proxy-host:port> <ca.pem> [<dns-host:port>]");
      System.exit(2);
    }
    String email = args[0];
    ProxySelector proxy = ProxySelector.of(ColdStartProbe.address(args[1]));
    SSLContext ssl = PemTrust.fromFile(Path.of(args[2]));
    String body = poxRequest(email);

    long start = System.nanoTime();
    HttpClient client = HttpClient.newBuilder().proxy(proxy).sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response;
    try {
      if (args.length == 4) {
        response = sdkExchanges(client, body, args[3]);
      } else {
        response = client.send(post("https://autodiscover." + ColdStartBenchmark.DOMAIN
            + "/autodiscover/autodiscover.xml", body), HttpResponse.BodyHandlers.ofString());
      }
    } catch (java.io.IOException | java.util.concurrent.CompletionException e) {
      System.err.println("probe: " + e);
      System.exit(1);
      return;
    }
    long done = System.nanoTime();
    if (response.statusCode() != 200) {
      System.err.println("probe: HTTP " + response.statusCode());
      System.exit(1);
    }
    String ews = response.body().contains(ColdStartBenchmark.EWS_URL) ? ColdStartBenchmark.EWS_URL : "none";
    System.out.printf(Locale.ROOT, "PROBE first=%.1f ews=%s%n", (done - start) / 1e6, ews);
    System.out.flush();
    endSelectorThreads();
    System.exit(0);
  }

  /** Outlook's POX request for the mailbox, as the SDK sends it. */
  static String poxRequest(String email) {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?><Autodiscover xmlns=\"http://schemas.microsoft.com/"
        + "exchange/autodiscover/outlook/requestschema/2006\"><Request><EMailAddress>" + email + "</EMailAddress>"
        + "<AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/"
        + "2006a</AcceptableResponseSchema></Request></Autodiscover>";
  }

  /** An XML POST, as the SDK sends it. */
  private static HttpRequest post(String url, String body) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "text/xml; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  /**
   * The SDK's exchanges, all started together: returns the autodiscover host's answer once the root's POX answer is
   * in too (the root outranks it), or the root's if that is not a 404.
   */
  private static HttpResponse<String> sdkExchanges(HttpClient client, String poxBody, String dnsServer) {
    String root = "https://" + ColdStartBenchmark.DOMAIN + "/autodiscover/";
    String host = "autodiscover." + ColdStartBenchmark.DOMAIN;
    String soapBody = "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap."
        + "org/soap/envelope/\"><soap:Body><GetUserSettingsRequestMessage xmlns=\"http://schemas.microsoft.com/"
        + "exchange/2010/Autodiscover\"/></soap:Body></soap:Envelope>";
    java.util.concurrent.CompletableFuture<HttpResponse<String>> rootPox = client.sendAsync(
        post(root + "autodiscover.xml", poxBody), HttpResponse.BodyHandlers.ofString());
    rootPox.thenCompose(r -> r.statusCode() != 404 ? java.util.concurrent.CompletableFuture.completedFuture(r)
        : client.sendAsync(post(root + "autodiscover.svc", soapBody),
            HttpResponse.BodyHandlers.ofString()));
    java.util.concurrent.CompletableFuture<HttpResponse<String>> autodiscover = client.sendAsync(
        post("https://" + host + "/autodiscover/autodiscover.xml", poxBody),
        HttpResponse.BodyHandlers.ofString());
    client.sendAsync(HttpRequest.newBuilder(URI.create("http://" + host + "/autodiscover/autodiscover.xml"))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding());
    Thread srv = new Thread(() -> {
      java.util.Hashtable<String, String> env = new java.util.Hashtable<>();
      env.put(javax.naming.Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
      env.put(javax.naming.Context.PROVIDER_URL, "dns://" + dnsServer);
      try {
        new javax.naming.directory.InitialDirContext(env)
            .getAttributes("_autodiscover._tcp." + ColdStartBenchmark.DOMAIN, new String[] {"SRV"});
      } catch (javax.naming.NamingException expected) {
        // NXDOMAIN: the environment has no SRV record, as for the SDK
      }
    }, "srv");
    srv.setDaemon(true);
    srv.start();
    HttpResponse<String> first = rootPox.join();
    return first.statusCode() == 404 ? autodiscover.join() : first;
  }

  /**
   * Ends the JDK client's selector thread as the SDK's {@code close()} does on JDK 17 to 20 (no {@code shutdownNow}
   * there): interrupted, the JDK's selector loop stops. Left in {@code epoll_wait}, it would make the JVM's exit
   * wait up to 300 ms for it to leave native code, and the floor would be slower than a well-behaved tool.
   */
  private static void endSelectorThreads() throws InterruptedException {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager")) {
        t.interrupt();
        // Not t.join(1000): join locks the thread, which is the JDK's selector and its own lock; when JDK 17's
        // selector deadlocks with its connection pool (seen here once), join would wait for ever.
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (t.isAlive() && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
      }
    }
  }
}
