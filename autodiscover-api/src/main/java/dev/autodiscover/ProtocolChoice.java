package dev.autodiscover;

import java.util.Locale;
import java.util.Objects;

/**
 * Which wire protocol a request speaks to the Autodiscover endpoints it finds (see
 * {@link AutodiscoverRequest#protocol(ProtocolChoice)}).
 *
 * <p>Whatever the choice, a {@code 401} with a {@code Bearer} challenge (Exchange Online without a token)
 * is answered by asking Autodiscover v2 at the same host, which needs no credentials and still names the
 * EWS URL; the result's {@link AutodiscoverResult#protocol()} then says {@link AutodiscoverProtocol#JSON_V2}.
 */
public enum ProtocolChoice {
  /**
   * The default. Per endpoint, the protocol its URL names ({@code autodiscover.svc}: SOAP, anything else: POX)
   * and, when the endpoint answers that it does not speak it (an HTTP error status such as 404 or 405, or a body
   * that is no Autodiscover answer), the other one at the same host, so that an Exchange that serves only SOAP
   * ({@code autodiscover.xml} a plain 404, {@code autodiscover.svc} working) is found too. Transport failures,
   * timeouts and authentication challenges do not cause a switch. Every switch is in the trace.
   *
   * <p>The switch costs no time when another method has answered: in Outlook's walk an endpoint that does not
   * speak POX has failed, so the switched request has no priority claim; a lower-priority answer already in hand
   * (or arriving while the switched request runs) is taken at once and the switched request is cancelled, its
   * trace entry saying so (see {@link PriorityWindow}). When no other method has answered, it is waited for and
   * can win.
   */
  AUTO("auto"),
  /**
   * POX only: {@code POST .../autodiscover/autodiscover.xml}, Outlook's protocol (protocol.md §3), which every
   * Exchange version and Exchange Online speak; exactly what Outlook does. Never finds an endpoint that serves
   * only SOAP.
   */
  POX("pox"),
  /** SOAP only: {@code GetUserSettings} at {@code .../autodiscover/autodiscover.svc} (protocol.md §4). */
  SOAP("soap"),
  /**
   * Autodiscover v2 only: an anonymous {@code GET .../autodiscover/autodiscover.json/v1.0/<address>?Protocol=EWS}
   * at each candidate's host (protocol.md §5). Fast and credential-free, but the answer holds only the EWS URL.
   */
  JSON_V2("v2");

  private final String label;

  ProtocolChoice(String label) {
    this.label = label;
  }

  /**
   * Returns the short lower-case name used on the command line: {@code auto}, {@code pox}, {@code soap} or
   * {@code v2}.
   *
   * @return the label, never null
   */
  public String label() {
    return label;
  }

  /**
   * Reads a label as {@link #label()} writes it, ignoring case and surrounding blanks; the constant names
   * ({@code JSON_V2}) are accepted too.
   *
   * @param text the label
   * @return the choice
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code text} names no choice; the message lists the valid ones
   */
  public static ProtocolChoice parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (ProtocolChoice c : values()) {
      if (c.label.equals(t) || c.name().toLowerCase(Locale.ROOT).equals(t)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown protocol '" + text + "': use auto, pox, soap or v2");
  }
}
