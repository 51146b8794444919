package dev.autodiscover;

import java.util.List;

/**
 * Renders an {@link AttemptTrace} as compact JSON without any JSON library, so {@link AttemptTrace#toJson()}
 * works with the API artifact alone.
 *
 * <p>The output is an array with one object per attempt. Field order is fixed: {@code round}, {@code method},
 * {@code outcome}, then the optional {@code address}, {@code protocol}, {@code httpMethod}, {@code url},
 * {@code httpStatus}, {@code authSchemes}, {@code errorCode}, {@code errorMessage}, {@code redirectTarget},
 * {@code authorizationUri}, {@code detail}, {@code inputs} (each left out when absent or empty), then
 * {@code retries}, {@code startMillis}, {@code durationMillis}, {@code outlookStatus}.
 *
 * <p>Strings are escaped so that text from a hostile server cannot break out of its value nor reach a
 * terminal or a JavaScript parser raw: {@code "} and {@code \} get a backslash; {@code \b \t \n \f \r} their
 * short escapes; every other character that {@link PrintableText#isUnsafe(int)} names (C0 and C1 controls,
 * DEL, U+2028, U+2029, bidi controls, unpaired surrogates) a {@code \}{@code uXXXX} escape (upper-case hex),
 * the same rule as the text renderings. Everything else, surrogate pairs included, is written as is.
 * Stateless and thread-safe.
 */
final class TraceJsonWriter {
  private TraceJsonWriter() {}

  /**
   * Renders the attempts.
   *
   * @param attempts the attempts in order, not null
   * @return the JSON array text, {@code []} when there are none
   */
  static String render(List<Attempt> attempts) {
    StringBuilder out = new StringBuilder(256 * (attempts.size() + 1));
    out.append('[');
    for (int i = 0; i < attempts.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      attempt(out, attempts.get(i));
    }
    return out.append(']').toString();
  }

  private static void attempt(StringBuilder out, Attempt a) {
    out.append("{\"round\":").append(a.round());
    string(out, "method", a.method().name());
    string(out, "outcome", a.outcome().code());
    a.address().ifPresent(v -> string(out, "address", v.toString()));
    a.protocol().ifPresent(v -> string(out, "protocol", v.name()));
    a.httpMethod().ifPresent(v -> string(out, "httpMethod", v));
    a.url().ifPresent(v -> string(out, "url", v.toString()));
    a.httpStatus().ifPresent(v -> number(out, "httpStatus", v));
    array(out, "authSchemes", a.authSchemes());
    a.errorCode().ifPresent(v -> number(out, "errorCode", v));
    a.errorMessage().ifPresent(v -> string(out, "errorMessage", v));
    a.redirectTarget().ifPresent(v -> string(out, "redirectTarget", v));
    a.authorizationUri().ifPresent(v -> string(out, "authorizationUri", v.toString()));
    a.detail().ifPresent(v -> string(out, "detail", v));
    array(out, "inputs", a.inputs());
    number(out, "retries", a.retries());
    number(out, "startMillis", a.startOffset().toMillis());
    number(out, "durationMillis", a.duration().toMillis());
    string(out, "outlookStatus", a.outlookStatus());
    out.append('}');
  }

  private static void string(StringBuilder out, String name, String value) {
    out.append(",\"").append(name).append("\":");
    quote(out, value);
  }

  private static void number(StringBuilder out, String name, long value) {
    out.append(",\"").append(name).append("\":").append(value);
  }

  /** Writes a non-empty list as an array of strings; writes nothing for an empty one. */
  private static void array(StringBuilder out, String name, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    out.append(",\"").append(name).append("\":[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      quote(out, values.get(i));
    }
    out.append(']');
  }

  /** Writes {@code value} as a JSON string literal, quotes included. */
  private static void quote(StringBuilder out, String value) {
    out.append('"');
    int n = value.length();
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
            out.append(c).append(value.charAt(++i));
          } else if (PrintableText.isUnsafe(c)) {
            PrintableText.appendUnicodeEscape(out, c);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
