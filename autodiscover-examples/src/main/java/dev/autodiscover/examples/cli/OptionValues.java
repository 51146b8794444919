package dev.autodiscover.examples.cli;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.autodiscover.DiscoveryMethod;

/**
 * Parsers for the values of command-line options: durations, method lists, counts and proxy addresses.
 * Every parser throws {@link UsageException} with a message naming the option and the bad value.
 */
final class OptionValues {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

  private OptionValues() {}

  /**
   * Parses a positive duration: {@code 500ms}, {@code 5s}, {@code 1.5s}, {@code 2m}, {@code 1h} or an
   * ISO-8601 duration such as {@code PT5S}.
   */
  static Duration duration(String option, String value) throws UsageException {
    String v = value.strip().toLowerCase(Locale.ROOT);
    Duration d;
    if (v.startsWith("p")) {
      try {
        d = Duration.parse(v.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new UsageException(option + ": not a valid duration: '" + value + "' (use for example 5s, 500ms or PT5S)");
      }
    } else {
      Matcher m = SHORT_DURATION.matcher(v);
      if (!m.matches()) {
        throw new UsageException(option + ": not a valid duration: '" + value + "' (use for example 5s, 500ms or PT5S)");
      }
      BigDecimal amount = new BigDecimal(m.group(1));
      BigDecimal millisPerUnit = switch (m.group(2)) {
        case "ms" -> BigDecimal.ONE;
        case "s" -> BigDecimal.valueOf(1_000);
        case "m" -> BigDecimal.valueOf(60_000);
        default -> BigDecimal.valueOf(3_600_000);
      };
      d = Duration.ofMillis(amount.multiply(millisPerUnit).longValue());
    }
    if (d.isNegative() || d.isZero()) {
      throw new UsageException(option + ": the duration must be positive: '" + value + "'");
    }
    return d;
  }

  /** Parses a zero-or-positive duration (for {@code --stagger}). */
  static Duration durationOrZero(String option, String value) throws UsageException {
    String v = value.strip();
    if (v.equals("0") || v.equalsIgnoreCase("0ms") || v.equalsIgnoreCase("0s") || v.equalsIgnoreCase("PT0S")) {
      return Duration.ZERO;
    }
    return duration(option, value);
  }

  /** Parses a comma-separated list of method names, case-insensitive, dashes or underscores. */
  static List<DiscoveryMethod> methods(String option, String value) throws UsageException {
    List<DiscoveryMethod> methods = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String name = part.strip().toUpperCase(Locale.ROOT).replace('-', '_');
      if (name.isEmpty()) {
        throw new UsageException(option + ": empty method name in '" + value + "'");
      }
      try {
        methods.add(DiscoveryMethod.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new UsageException(option + ": unknown discovery method '" + part.strip() + "' (known: "
            + knownMethods() + ")");
      }
    }
    return methods;
  }

  /** Returns the method names as the user may type them. */
  static String knownMethods() {
    StringBuilder s = new StringBuilder();
    for (DiscoveryMethod m : DiscoveryMethod.values()) {
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append(m.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    return s.toString();
  }

  /** Parses an integer within bounds. */
  static int count(String option, String value, int min, int max) throws UsageException {
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new UsageException(option + ": not a number: '" + value + "'");
    }
    if (n < min || n > max) {
      throw new UsageException(option + ": must be between " + min + " and " + max + ": " + n);
    }
    return n;
  }

  /** Parses a DNS server: an IP address with an optional port ({@code 10.0.0.2}, {@code 127.0.0.1:5353}, {@code [::1]:53}). */
  static InetSocketAddress dnsServer(String option, String value) throws UsageException {
    String v = value.strip();
    String host = v;
    int port = 53;
    if (v.startsWith("[")) {
      int close = v.indexOf(']');
      if (close < 0) {
        throw new UsageException(option + ": unbalanced '[' in '" + value + "'");
      }
      host = v.substring(1, close);
      if (close + 1 < v.length()) {
        if (v.charAt(close + 1) != ':') {
          throw new UsageException(option + ": expected [IPv6]:port, got '" + value + "'");
        }
        port = count(option + " port", v.substring(close + 2), 1, 65_535);
      }
    } else if (v.indexOf(':') >= 0 && v.indexOf(':') == v.lastIndexOf(':')) {
      host = v.substring(0, v.indexOf(':'));
      port = count(option + " port", v.substring(v.indexOf(':') + 1), 1, 65_535);
    }
    if (!host.matches("[0-9.]+") && !host.contains(":")) {
      throw new UsageException(option + ": a DNS server must be an IP address, got '" + host + "'");
    }
    try {
      return new InetSocketAddress(java.net.InetAddress.getByName(host), port);
    } catch (java.net.UnknownHostException e) {
      throw new UsageException(option + ": not an IP address: '" + host + "'", e);
    }
  }

  /** Parses {@code host:port} (IPv6 literals in brackets: {@code [::1]:8080}). */
  static InetSocketAddress hostAndPort(String option, String value) throws UsageException {
    String v = value.strip();
    int colon = v.lastIndexOf(':');
    if (colon <= 0 || colon == v.length() - 1) {
      throw new UsageException(option + ": expected host:port, got '" + value + "'");
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = count(option + " port", v.substring(colon + 1), 1, 65_535);
    return new InetSocketAddress(host, port);
  }
}
