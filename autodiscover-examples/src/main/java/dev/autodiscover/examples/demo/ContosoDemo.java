package dev.autodiscover.examples.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Predicate;
import dev.autodiscover.AutodiscoverErrorResponseException;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.examples.cli.TextReport;

/**
 * The {@code demo} command: starts a {@link ContosoDemoEnvironment} and resolves five addresses against it,
 * printing for each a heading, the Outlook-style trace and the EWS URL or the typed error. Needs no network.
 *
 * <p>Exit code 0 when every scenario came out as expected (on-premises settings; hybrid settings for the
 * {@code onmicrosoft.com} address; ErrorCode 603; the hosted domain through DNS SRV; the same domain from
 * the last-known-good cache), 1 otherwise.
 */
public final class ContosoDemo {
  private ContosoDemo() {}

  /** One address to resolve and what should come of it. */
  private record Scenario(String title, String email, String expectation, Predicate<Object> expected) {}

  /**
   * Runs the demo.
   *
   * @param out where the report goes
   * @param err where unexpected failures are described
   * @return 0 if every scenario produced its expected outcome, else 1
   */
  public static int run(PrintStream out, PrintStream err) {
    List<Scenario> scenarios = List.of(
        new Scenario("a) On-premises Exchange; the root domain is the corporate web site",
            ContosoDemoEnvironment.ON_PREM_USER, "settings with EWS URL " + ContosoDemoEnvironment.ON_PREM_EXTERNAL_EWS,
            o -> o instanceof AutodiscoverResult r
                && r.ewsUrl().map(u -> u.uri().toString().equals(ContosoDemoEnvironment.ON_PREM_EXTERNAL_EWS))
                    .orElse(false)),
        new Scenario("b) Hybrid: mailbox moved to Microsoft 365 (redirectAddr, then the HTTP redirect probe)",
            ContosoDemoEnvironment.HYBRID_USER, "settings for " + ContosoDemoEnvironment.HYBRID_CLOUD_ADDRESS,
            o -> o instanceof AutodiscoverResult r
                && r.finalAddress().domain().endsWith("onmicrosoft.com")
                && r.ewsUrl().isPresent()),
        new Scenario("c) Broken automapping: the server answers ErrorCode 603",
            ContosoDemoEnvironment.BROKEN_AUTOMAP_USER, "AutodiscoverErrorResponseException with ErrorCode 603",
            o -> o instanceof AutodiscoverErrorResponseException e && e.errorCode() == 603),
        new Scenario("d) Hosted domain: only the DNS SRV record leads to the hoster's server (port "
            + ContosoDemoEnvironment.HOSTER_PORT + ")",
            ContosoDemoEnvironment.HOSTED_USER, "settings from " + ContosoDemoEnvironment.HOSTER + " found by DNS SRV",
            o -> o instanceof AutodiscoverResult r && r.method() == DiscoveryMethod.DNS_SRV
                && r.ewsUrl().map(u -> u.uri().toString().equals(ContosoDemoEnvironment.HOSTED_EWS)).orElse(false)),
        new Scenario("e) Same domain again, last-known-good cache first: one request to the cached endpoint",
            ContosoDemoEnvironment.HOSTED_SECOND_USER, "settings found by the last-known-good cache",
            o -> o instanceof AutodiscoverResult r && r.method() == DiscoveryMethod.LAST_KNOWN_GOOD));

    int asExpected = 0;
    long started = System.nanoTime();
    try (ContosoDemoEnvironment env = ContosoDemoEnvironment.start()) {
      out.println("Embedded offline Contoso environment started (loopback proxy, private test CA).");
      out.println();
      for (Scenario s : scenarios) {
        out.println("=== " + s.title());
        out.println("=== Resolving " + s.email() + " (expected: " + s.expectation() + ")");
        out.println();
        Object outcome = resolve(env, s.email(), out);
        boolean ok = s.expected().test(outcome);
        if (ok) {
          asExpected++;
        } else {
          err.println("Scenario " + s.email() + " did not produce the expected outcome (" + s.expectation() + ")");
        }
        out.println("=> " + (ok ? "as expected" : "NOT as expected"));
        out.println();
      }
    } catch (RuntimeException e) {
      err.println("Demo failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    out.println(asExpected + " of " + scenarios.size() + " scenarios as expected (" + ms + " ms).");
    return asExpected == scenarios.size() ? 0 : 1;
  }

  private static Object resolve(ContosoDemoEnvironment env, String email, PrintStream out) {
    try {
      AutodiscoverRequest request = env.request(email);
      if (email.equals(ContosoDemoEnvironment.HOSTED_SECOND_USER)) {
        request = request.lastKnownGoodFirst(true);
      }
      AutodiscoverResult result = request.resolve();
      TextReport.success(result, out);
      return result;
    } catch (AutodiscoverException e) {
      out.print(e.trace().toOutlookStyleLog());
      out.println();
      String detail = e instanceof AutodiscoverErrorResponseException er
          ? " (ErrorCode " + er.errorCode() + ", endpoint " + er.endpoint() + ")" : "";
      out.println("Error: " + e.getClass().getSimpleName() + ": " + e.getMessage() + detail);
      return e;
    }
  }
}
