package dev.autodiscover;

import java.util.List;
import java.util.Objects;

/**
 * Discovery stopped because of redirects: the run used up its redirect budget (10 by default, Outlook's
 * {@code 0x800C8206}), or a {@code redirectAddr} chain came back to an address already tried.
 */
public final class AutodiscoverRedirectException extends AutodiscoverException {
  private static final long serialVersionUID = 1L;

  /** Why the redirects ended the run. */
  public enum Reason {
    /** The redirect budget of the run was used up. */
    LIMIT_EXCEEDED,
    /** A redirect pointed back to an address or URL already tried in this run. */
    LOOP
  }

  /** Serialized form: see {@link #reason()}. */
  private final Reason reason;
  /** Serialized form: see {@link #chain()}. */
  private final List<String> chain;

  /**
   * Creates the exception.
   *
   * @param message a summary naming the hops
   * @param trace the attempts of the run
   * @param reason limit or loop
   * @param chain the addresses and URLs followed, in order
   */
  AutodiscoverRedirectException(String message, AttemptTrace trace, Reason reason, List<String> chain) {
    super(message, trace, null);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.chain = List.copyOf(chain);
  }

  /**
   * Returns why the redirects ended the run.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns the redirect chain: the addresses and URLs followed, in order.
   *
   * @return an unmodifiable list
   */
  public List<String> chain() {
    return chain;
  }
}
