package dev.autodiscover;

import org.jspecify.annotations.Nullable;

/**
 * Makes text that came from the network safe to print on a terminal or write to a line-oriented log.
 *
 * <p>Autodiscover servers, DNS answers and directories supply text (error messages, setting values, redirect
 * targets, transport details) that the SDK keeps raw in its structured accessors such as
 * {@link Attempt#errorMessage()}. A hostile server can put line breaks, terminal escape sequences or bidi
 * overrides in that text to forge log lines or repaint a terminal. Every text rendering of the SDK (exception
 * messages, {@link Attempt#toString()}, {@link AttemptTrace#toOutlookStyleLog()}) passes such text through
 * {@link #escape(CharSequence)}; use it too when you print a structured value yourself.
 *
 * <p>{@link #isUnsafe(int)} characters are shown as {@code \}{@code uXXXX} (upper-case hex): the C0 controls
 * U+0000–U+001F (CR, LF, TAB and ESC included, so an escape sequence loses its introducer), DEL U+007F, the C1
 * controls U+0080–U+009F (NEL and CSI included), the line and paragraph separators U+2028 and U+2029, the bidi
 * embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069, the bidi marks U+200E, U+200F and
 * U+061C, and every unpaired surrogate. Everything else, surrogate pairs included, is kept; a backslash is
 * kept as is, so escaping is idempotent. {@link AttemptTrace#toJson()} escapes the same characters. Stateless
 * and thread-safe.
 */
public final class PrintableText {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PrintableText() {}

  /**
   * Returns the text with every {@linkplain #isUnsafe(int) unsafe} character shown as {@code \}{@code uXXXX}.
   *
   * @param text the text, may be null
   * @return the printable text, a single line; {@code "null"} for null (as string concatenation shows it)
   */
  public static String escape(@Nullable CharSequence text) {
    if (text == null) {
      return "null";
    }
    int n = text.length();
    int i = 0;
    while (i < n && !needsEscape(text, i)) {
      i++;
    }
    if (i == n) {
      return text.toString();
    }
    StringBuilder out = new StringBuilder(n + 16).append(text, 0, i);
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else if (isUnsafe(c)) {
        appendUnicodeEscape(out, c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Returns whether the character must not reach a terminal or log raw: a C0 or C1 control, DEL, a line or
   * paragraph separator, a bidi embedding, override, isolate or mark, or a surrogate (a well-formed surrogate
   * pair is safe; {@link #escape(CharSequence)} keeps it).
   *
   * @param ch a UTF-16 code unit or a code point
   * @return true when {@link #escape(CharSequence)} shows it as {@code \}{@code uXXXX}
   */
  public static boolean isUnsafe(int ch) {
    return ch < 0x20 || (ch >= 0x7F && ch <= 0x9F) || ch == 0x2028 || ch == 0x2029
        || (ch >= 0x202A && ch <= 0x202E) || (ch >= 0x2066 && ch <= 0x2069)
        || ch == 0x200E || ch == 0x200F || ch == 0x061C || (ch >= 0xD800 && ch <= 0xDFFF);
  }

  /** Whether the unit at {@code i} must be escaped (a high surrogate followed by a low one must not). */
  private static boolean needsEscape(CharSequence text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
    }
    return isUnsafe(c);
  }

  /** Appends {@code \}{@code uXXXX} with upper-case hex digits. */
  static void appendUnicodeEscape(StringBuilder out, char c) {
    out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }
}
