package dev.autodiscover;

import java.net.IDN;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/** Argument checks shared by the client builder and the per-call options; each message says what to fix. */
final class Args {
  private Args() {}

  /** Checks a time budget: positive and at most {@code max}. */
  static Duration duration(@org.jspecify.annotations.Nullable Duration d, String name, Duration max) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    if (d.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be at most " + max + ", got " + d
          + "; use a shorter time (cancel the returned future to stop a run earlier)");
    }
    return d;
  }

  static int retries(int retries) {
    if (retries < 0 || retries > AutodiscoverClient.MAX_RETRIES_ON_TIMEOUT) {
      throw new IllegalArgumentException("retriesOnTimeout must be between 0 and "
          + AutodiscoverClient.MAX_RETRIES_ON_TIMEOUT + ", got " + retries);
    }
    return retries;
  }

  /** A host or domain name as lower-case ASCII without a trailing dot. */
  static String hostName(@org.jspecify.annotations.Nullable String host, String what) {
    Objects.requireNonNull(host, what);
    String h = host.strip();
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (h.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    if (h.contains("/") || h.contains(":") || h.contains("@") || h.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(what + " must be a bare host name such as autodiscover.contoso.com, got '"
          + PrintableText.escape(host) + "'");
    }
    try {
      return IDN.toASCII(h, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not a valid host name: '" + PrintableText.escape(host) + "' ("
          + e.getMessage() + ")", e);
    }
  }
}
