package dev.autodiscover.internal.dns;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome of one SRV lookup: every DNS outcome, failures included, is a {@link Status}, never an
 * exception. Immutable.
 *
 * @param query the name that was looked up, absolute, lower case, without the trailing dot
 * @param status what the DNS said
 * @param records the SRV records when {@code status} is {@link Status#FOUND} (never empty then, and in the
 *     order the server sent them); empty for every other status
 * @param took how long the lookup took, retries included; never negative
 * @param detail a human-readable explanation for the trace (which servers timed out, what was malformed);
 *     empty when there is nothing to add
 */
public record SrvAnswer(String query, Status status, List<SrvRecord> records, Duration took, String detail) {
  /** What the DNS said about the name. */
  public enum Status {
    /** The name has SRV records; they are in {@link SrvAnswer#records()}. */
    FOUND,
    /** The name does not exist (RCODE NXDOMAIN). */
    NXDOMAIN,
    /** The name exists but has no SRV records (NOERROR with an empty answer, "NODATA"). */
    NO_RECORDS,
    /** The server could not answer (RCODE SERVFAIL). */
    SERVFAIL,
    /** No server answered within the timeout, on any try. */
    TIMEOUT,
    /** Anything else: the query was refused, the answer was malformed or unusable, the network failed. */
    ERROR
  }

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if any component is null
   * @throws IllegalArgumentException if {@code took} is negative, or the records do not match the status
   *     (none for {@code FOUND}, some for any other status)
   */
  public SrvAnswer {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(status, "status");
    records = List.copyOf(records);
    Objects.requireNonNull(took, "took");
    Objects.requireNonNull(detail, "detail");
    if (took.isNegative()) {
      throw new IllegalArgumentException("took must not be negative: " + took);
    }
    if ((status == Status.FOUND) == records.isEmpty()) {
      throw new IllegalArgumentException(status == Status.FOUND
          ? "a FOUND answer needs at least one record"
          : "a " + status + " answer carries no records, got " + records.size());
    }
  }

  /**
   * One line for the trace, for example {@code "_autodiscover._tcp.contoso.com SRV: 10 50 443
   * mail.hoster.example, 20 0 443 backup.hoster.example"} or {@code "_autodiscover._tcp.contoso.com SRV:
   * NXDOMAIN"}, followed by the detail in parentheses when there is one.
   */
  public String describe() {
    String body = status == Status.FOUND
        ? records.stream().map(SrvRecord::toString).collect(Collectors.joining(", "))
        : status.name();
    return query + " SRV: " + body + (detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
