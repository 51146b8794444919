package dev.autodiscover.examples.cli;

import java.io.PrintStream;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.PrintableText;

/**
 * Renders a successful run as text: the Outlook-style log, a blank line, then the EWS URL, endpoint, method
 * and final address, one per line. Used by {@code resolve} and by the demo.
 *
 * <p>Values that came from the network pass through {@link PrintableText#escape(CharSequence)}, so a
 * hostile server can neither add a line nor send a terminal control sequence.
 */
public final class TextReport {
  private TextReport() {}

  /**
   * Prints the report of a successful run.
   *
   * @param result the result
   * @param out where to print
   */
  public static void success(AutodiscoverResult result, PrintStream out) {
    out.print(result.trace().toOutlookStyleLog());
    out.println();
    out.println(result.ewsUrl()
        .map(u -> "EWS URL: " + PrintableText.escape(u.uri().toString()) + " (" + u.location() + ", from "
            + PrintableText.escape(u.protocolType()) + ")")
        .orElse("EWS URL: none advertised"));
    if (result.ewsUrlOutsideTrustedDomains()) {
      out.println("Warning: the EWS URL lies outside the domains this run trusted; check it before sending credentials"
          + " there (--trust-host)");
    }
    out.println("Endpoint: " + PrintableText.escape(result.endpoint().toString()));
    out.println("Method: " + result.method() + " (" + result.method().displayName() + ")");
    out.println("Protocol: " + result.protocol());
    result.v2Url().ifPresent(u -> out.println("v2 URL: " + PrintableText.escape(u.toString())));
    out.println("Final address: " + result.finalAddress());
  }
}
