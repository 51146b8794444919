package dev.autodiscover.internal.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Parses {@code WWW-Authenticate} header values into challenges (RFC 9110 §11.6.1 grammar: a comma-separated
 * list of {@code scheme [token68 | #auth-param]}), so several challenges in one header, quoted values with
 * commas and escapes, and odd spacing are all handled. Never throws for malformed input: what cannot be read
 * is skipped.
 *
 * <p>Stateless and thread-safe.
 */
public final class WwwAuthenticate {
  private WwwAuthenticate() {}

  /**
   * One challenge.
   *
   * @param scheme the scheme as sent, for example {@code Bearer}
   * @param params the auth-params, names lower-cased, values unquoted, in order (first occurrence wins)
   * @param token68 the token68 form (for example an NTLM or Negotiate blob), or null
   */
  public record Challenge(String scheme, Map<String, String> params, @Nullable String token68) {
    /** Checks and copies the arguments. */
    public Challenge {
      Objects.requireNonNull(scheme, "scheme");
      params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * Compares the scheme ignoring case.
     *
     * @param name a scheme name
     * @return whether this challenge is for that scheme
     */
    public boolean is(String name) {
      return scheme.equalsIgnoreCase(name);
    }
  }

  /**
   * Parses every header value.
   *
   * @param headerValues the {@code WWW-Authenticate} values in order
   * @return the challenges in order
   */
  public static List<Challenge> parse(List<String> headerValues) {
    List<Challenge> challenges = new ArrayList<>();
    for (String value : headerValues) {
      new Reader(Objects.requireNonNull(value, "header value")).readAll(challenges);
    }
    return List.copyOf(challenges);
  }

  /**
   * Returns the scheme names of all challenges, in order, without duplicates (compared ignoring case).
   *
   * @param headerValues the {@code WWW-Authenticate} values in order
   * @return the scheme names as first sent
   */
  public static List<String> schemes(List<String> headerValues) {
    LinkedHashSet<String> seen = new LinkedHashSet<>();
    List<String> names = new ArrayList<>();
    for (Challenge c : parse(headerValues)) {
      if (seen.add(c.scheme().toLowerCase(Locale.ROOT))) {
        names.add(c.scheme());
      }
    }
    return names;
  }

  /** A cursor over one header value. */
  private static final class Reader {
    private final String s;
    private int i;

    Reader(String s) {
      this.s = s;
    }

    void readAll(List<Challenge> out) {
      while (true) {
        skip(",  \t");
        if (i >= s.length()) {
          return;
        }
        String scheme = token();
        if (scheme.isEmpty()) {
          i++; // not a token character where a scheme should start: skip it
          continue;
        }
        skip(" \t");
        Map<String, String> params = new LinkedHashMap<>();
        String token68 = null;
        if (i < s.length() && s.charAt(i) != ',' && !startsParam()) {
          int start = i;
          while (i < s.length() && s.charAt(i) != ',' && !Character.isWhitespace(s.charAt(i))) {
            i++;
          }
          token68 = s.substring(start, i);
        } else {
          readParams(params);
        }
        out.add(new Challenge(scheme, params, token68));
      }
    }

    /** Reads {@code name=value} pairs until the next challenge starts or the value ends. */
    private void readParams(Map<String, String> params) {
      while (true) {
        skip(",  \t");
        if (i >= s.length() || !startsParam()) {
          return;
        }
        String name = token().toLowerCase(Locale.ROOT);
        skip(" \t");
        i++; // '='
        skip(" \t");
        String value = i < s.length() && s.charAt(i) == '"' ? quoted() : bareValue();
        params.putIfAbsent(name, value);
        skip(" \t");
      }
    }

    /** Whether a {@code token BWS "=" } that is not a token68 padding follows. */
    private boolean startsParam() {
      int save = i;
      try {
        if (token().isEmpty()) {
          return false;
        }
        skip(" \t");
        if (i >= s.length() || s.charAt(i) != '=') {
          return false;
        }
        i++;
        skip(" \t");
        return i < s.length() && s.charAt(i) != '=' && s.charAt(i) != ',';
      } finally {
        i = save;
      }
    }

    private String quoted() {
      StringBuilder b = new StringBuilder();
      i++; // opening quote
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '"') {
          return b.toString();
        }
        if (c == '\\' && i < s.length()) {
          c = s.charAt(i++);
        }
        b.append(c);
      }
      return b.toString(); // unterminated: take what is there
    }

    /** An unquoted value; lenient: up to the next comma or white space (servers send bare URIs). */
    private String bareValue() {
      int start = i;
      while (i < s.length() && s.charAt(i) != ',' && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      return s.substring(start, i);
    }

    private String token() {
      int start = i;
      while (i < s.length() && isTokenChar(s.charAt(i))) {
        i++;
      }
      return s.substring(start, i);
    }

    private void skip(String chars) {
      while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
        i++;
      }
    }

    private static boolean isTokenChar(char c) {
      return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
  }
}
