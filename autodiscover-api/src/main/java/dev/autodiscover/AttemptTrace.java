package dev.autodiscover;

import java.util.List;
import java.util.Optional;

/**
 * The ordered record of every attempt of one discovery run; rides on every result and every failure.
 *
 * <p>Attempts are ordered by round, then by method priority, then by the order in which one method's
 * candidates were tried, so the trace reads the same whether the run was parallel or sequential; each
 * attempt's {@link Attempt#startOffset()} shows when it really ran. A trace never contains a secret.
 * Immutable.
 */
public final class AttemptTrace {
  private final List<Attempt> attempts;

  private AttemptTrace(List<Attempt> attempts) {
    this.attempts = List.copyOf(attempts);
  }

  /**
   * Creates a trace.
   *
   * @param attempts the attempts in order
   * @return the trace
   */
  public static AttemptTrace of(List<Attempt> attempts) {
    return new AttemptTrace(attempts);
  }

  /**
   * Returns the attempts in order.
   *
   * @return an unmodifiable list
   */
  public List<Attempt> attempts() {
    return attempts;
  }

  /**
   * Returns the attempt that produced the settings.
   *
   * @return the winning attempt, or empty when nothing succeeded
   */
  public Optional<Attempt> winner() {
    return attempts.stream().filter(a -> a.outcome() == AttemptOutcome.SETTINGS).reduce((first, last) -> last);
  }

  /**
   * Renders the trace in the shape of Outlook's "Test E-mail AutoConfiguration" log, for support staff.
   *
   * <p>Text that came from the network (URLs, details, server error messages, redirect targets, auth schemes,
   * inputs) is shown through {@link PrintableText#escape(CharSequence)}, so it can neither break a line nor
   * reach a terminal as a control sequence; the attempts keep the raw values.
   *
   * @return the log text, one line per event, ending in a newline (empty for an empty trace)
   */
  public String toOutlookStyleLog() {
    StringBuilder log = new StringBuilder();
    for (Attempt a : attempts) {
      String method = a.method().displayName();
      String target = a.url().map(u -> PrintableText.escape(u.toString())).orElse("");
      switch (a.outcome()) {
        case EXCLUDED -> log.append(method).append(" skipped: excluded by the request (Outlook: ")
            .append(a.method().outlookSwitch()).append(")\n");
        case NOT_AVAILABLE -> log.append(method).append(" not available in this version of the SDK (")
            .append(a.outlookStatus()).append(")\n");
        case REJECTED_BY_TRUST_POLICY -> log.append("Redirect to ").append(target).append(" refused by trust policy")
            .append(detail(a)).append(" (").append(a.outlookStatus()).append(")\n");
        default -> {
          if (isLookup(a)) {
            appendLookup(log, a, method, target);
          } else if (a.httpMethod().isEmpty()) {
            appendUnsent(log, a, method, target);
          } else {
            appendExchange(log, a, method, target);
          }
        }
      }
    }
    return log.toString();
  }

  private static void appendExchange(StringBuilder log, Attempt a, String method, String target) {
    String verb = a.method() == DiscoveryMethod.HTTP_REDIRECT && "GET".equals(a.httpMethod().orElse(""))
        ? "Redirect check to " : "Autodiscover to ";
    log.append(verb).append(target).append(" starting (").append(method);
    a.address().ifPresent(addr -> log.append(", ").append(PrintableText.escape(addr.toString())));
    log.append(")\n");
    if (!a.authSchemes().isEmpty()) {
      // The challenge, then (if credentials were sent) the authenticated answer, as Outlook logs them.
      log.append("GetLastError=0; httpStatus=401.\n");
      log.append("AutoDiscover supported auth schemes: ")
          .append(PrintableText.escape(String.join(" ", a.authSchemes()))).append('\n');
    }
    if (a.authSchemes().isEmpty() || a.outcome() != AttemptOutcome.AUTH_REQUIRED) {
      log.append("GetLastError=").append(lastError(a.outcome())).append("; httpStatus=")
          .append(a.httpStatus().orElse(0)).append(".\n");
    }
    if (a.retries() > 0) {
      log.append("Retried ").append(a.retries()).append(" time(s) after a timeout\n");
    }
    switch (a.outcome()) {
      case SETTINGS -> log.append("Autodiscover XML Received\n").append(verb).append(target)
          .append(" succeeded (0x00000000)\n");
      case REDIRECT_URL, HTTP_REDIRECT, REDIRECT_ADDRESS -> log.append(verb).append(target).append(" redirected to ")
          .append(a.redirectTarget().map(PrintableText::escape).orElse("?")).append(" (").append(a.outcome().code())
          .append(")\n");
      case ERROR_RESPONSE -> log.append("Autodiscover error ").append(a.errorCode().map(String::valueOf).orElse("?"))
          .append(a.errorMessage().map(m -> ": " + PrintableText.escape(m)).orElse("")).append('\n')
          .append(verb).append(target).append(" FAILED (").append(a.outlookStatus()).append(")\n");
      default -> log.append(verb).append(target).append(" FAILED (").append(a.outlookStatus()).append(") ")
          .append(a.outcome().code()).append(detail(a)).append('\n');
    }
  }

  /** {@code ": "} and the printable detail, or nothing. */
  private static String detail(Attempt a) {
    return a.detail().map(d -> ": " + PrintableText.escape(d)).orElse("");
  }

  /** {@code " for "} and the printable address, or nothing. */
  private static String forAddress(Attempt a) {
    return a.address().map(addr -> " for " + PrintableText.escape(addr.toString())).orElse("");
  }

  /**
   * A step that consulted something other than an HTTP endpoint: DNS, a directory, a file, the cache (whose
   * target is the cached endpoint, with what the cache held as inputs).
   */
  private static boolean isLookup(Attempt a) {
    if (a.httpMethod().isPresent()) {
      return false;
    }
    String scheme = a.url().map(u -> String.valueOf(u.getScheme())).orElse("");
    return !a.inputs().isEmpty() || (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https"));
  }

  /**
   * A step about an HTTP endpoint that sent no request of its own (an answer shared with another method, a
   * conclusion drawn from an earlier request): one line, with no HTTP status or redirect target it never had.
   */
  private static void appendUnsent(StringBuilder log, Attempt a, String method, String target) {
    log.append(method).append(' ').append(target).append(forAddress(a))
        .append(": ").append(a.outcome().code()).append(" (").append(a.outlookStatus()).append(')')
        .append(detail(a)).append('\n');
  }

  private static void appendLookup(StringBuilder log, Attempt a, String method, String target) {
    // A method whose name already says "lookup" (the SCP lookup) is not called a "lookup lookup".
    String what = (method.endsWith("lookup") ? method : method + " lookup") + (target.isEmpty() ? "" : " " + target)
        + forAddress(a);
    log.append(what).append(" starting\n");
    for (String input : a.inputs()) {
      log.append("  ").append(PrintableText.escape(input)).append('\n');
    }
    boolean ok = a.outcome() == AttemptOutcome.SETTINGS || a.outcome() == AttemptOutcome.CANDIDATES_FOUND
        || a.outcome() == AttemptOutcome.REDIRECT_ADDRESS || a.outcome() == AttemptOutcome.REDIRECT_URL;
    log.append(what).append(ok ? " succeeded (" : " Failed (").append(a.outlookStatus()).append(") ")
        .append(a.outcome().code()).append(detail(a)).append('\n');
  }

  private static int lastError(AttemptOutcome outcome) {
    return switch (outcome) {
      case TIMEOUT -> 12002;
      case DNS_FAILURE -> 12007;
      case CONNECT_FAILURE -> 12029;
      case TLS_FAILURE -> 12175;
      default -> 0;
    };
  }

  /**
   * Renders the trace as one line of JSON: an array with one object per attempt, in trace order.
   *
   * <p>Each object has {@code round}, {@code method} (the {@link DiscoveryMethod} name), {@code outcome}
   * (its {@link AttemptOutcome#code() code}), then, only when present or non-empty, {@code address},
   * {@code protocol}, {@code httpMethod}, {@code url}, {@code httpStatus}, {@code authSchemes} (array),
   * {@code errorCode}, {@code errorMessage}, {@code redirectTarget}, {@code authorizationUri}, {@code detail},
   * {@code inputs} (array), and last {@code retries}, {@code startMillis}, {@code durationMillis} and
   * {@code outlookStatus}, always in this order. Strings are escaped so that server-supplied text cannot
   * break the JSON nor reach a terminal raw: quotes, backslashes and every character
   * {@link PrintableText#isUnsafe(int)} names (controls, line separators, bidi controls, unpaired surrogates)
   * are escaped. Needs no implementation artifact and no JSON library; like the trace, the text
   * contains no secret.
   *
   * @return the JSON text, {@code []} for an empty trace; never null
   */
  public String toJson() {
    return TraceJsonWriter.render(attempts);
  }

  /**
   * Returns the Outlook-style log.
   *
   * @return the same as {@link #toOutlookStyleLog()}
   */
  @Override
  public String toString() {
    return toOutlookStyleLog();
  }
}
