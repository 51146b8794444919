package dev.autodiscover.internal.dns;

import java.util.Locale;
import java.util.Objects;

/**
 * One SRV resource record (RFC 2782), as the DNS returned it.
 *
 * <p>The target is normalised: lower case, without the trailing dot. A target of {@code "."} (the service is
 * deliberately not offered) becomes the empty string; {@link #notOffered()} tells. Immutable.
 *
 * @param priority 0 to 65535; lower values are tried first
 * @param weight 0 to 65535; relative share among records of the same priority
 * @param port 0 to 65535
 * @param target the target host name, normalised as described above; never null
 */
public record SrvRecord(int priority, int weight, int port, String target) {
  /**
   * Validates the numbers and normalises the target.
   *
   * @throws IllegalArgumentException if a number is outside 0 to 65535
   * @throws NullPointerException if {@code target} is null
   */
  public SrvRecord {
    checkUnsigned16("priority", priority);
    checkUnsigned16("weight", weight);
    checkUnsigned16("port", port);
    Objects.requireNonNull(target, "target");
    String lower = target.toLowerCase(Locale.ROOT);
    target = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /** Whether the record says the service is not offered at all: its target was {@code "."} (RFC 2782). */
  public boolean notOffered() {
    return target.isEmpty();
  }

  /** Zone-file style: {@code "10 50 443 mail.hoster.example"}, or {@code "0 0 0 ."} when not offered. */
  @Override
  public String toString() {
    return priority + " " + weight + " " + port + " " + (notOffered() ? "." : target);
  }

  private static void checkUnsigned16(String field, int value) {
    if (value < 0 || value > 0xFFFF) {
      throw new IllegalArgumentException(field + " must be between 0 and 65535: " + value);
    }
  }
}
