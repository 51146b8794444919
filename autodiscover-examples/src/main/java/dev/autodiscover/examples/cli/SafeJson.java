package dev.autodiscover.examples.cli;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodiscover.PrintableText;

/**
 * JSON output for a terminal: besides what JSON requires, every character {@link PrintableText#isUnsafe(int)}
 * names (DEL, C1 controls, line separators, bidi controls) is written as {@code \}{@code uXXXX}, the rule of
 * {@code AttemptTrace.toJson()}, so a value from a hostile server reaches the terminal neither as a control
 * sequence nor reordered. Parsed back, every value is the raw one. Stateless.
 */
final class SafeJson {
  private SafeJson() {}

  /** {@return a new mapper whose output escapes as described above} */
  static ObjectMapper mapper() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.getFactory().setCharacterEscapes(new Escapes());
    return mapper;
  }

  private static final class Escapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private static final int[] ASCII = standardAsciiEscapesForJSON();

    static {
      ASCII[0x7F] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ASCII.clone();
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return PrintableText.isUnsafe(ch) ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }
  }
}
