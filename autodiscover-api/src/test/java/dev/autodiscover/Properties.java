package dev.autodiscover;

import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A tiny property runner on plain JUnit 5 (a copy of {@code dev.autodiscover.internal.fuzz.Properties} in
 * autodiscover-impl's tests, which documents the system properties): {@code -Dfuzz.tries=N} tries (default
 * 100), each on a fresh {@link Random} seeded from a fixed base seed ({@code -Dfuzz.random=true} mixes in the
 * clock); {@code -Dfuzz.seed=S} reruns the one try that a failure names. No shrinking. Stateless.
 */
final class Properties {
  private Properties() {}

  /**
   * Checks {@code property} on generated samples.
   *
   * @throws AssertionError naming the property, the try, the seed that reproduces it and the sample
   */
  static <T> void forAll(String name, Function<Random, T> generator, Consumer<T> property) {
    Long given = Long.getLong("fuzz.seed");
    int tries = given != null && System.getProperty("fuzz.tries") == null ? 1 : Integer.getInteger("fuzz.tries", 100);
    long base = given != null ? given : 0x5EED_A17D_15C0_7E12L ^ name.hashCode()
        ^ (Boolean.getBoolean("fuzz.random") ? System.nanoTime() : 0);
    for (int i = 0; i < tries; i++) {
      long seed = i == 0 ? base : mix(base + i * 0x9E37_79B9_7F4A_7C15L);
      Object sample = "(generator failed)";
      try {
        T drawn = generator.apply(new Random(seed));
        sample = drawn;
        property.accept(drawn);
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("Property '" + name + "' failed on try " + (i + 1) + " of " + tries
            + "; reproduce with -Dfuzz.seed=" + seed + "\nsample: " + describe(sample) + "\n" + e, e);
      }
    }
  }

  /** The sample's text, controls, format characters and surrogates escaped, cut to 500 characters. */
  static String describe(Object sample) {
    String text = String.valueOf(sample);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < 500; i++) {
      char c = text.charAt(i);
      int type = Character.getType(c);
      boolean hidden = Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
      out.append(hidden ? String.format("\\u%04X", (int) c) : String.valueOf(c));
    }
    return out.length() < 500 ? out.toString() : out.substring(0, 500) + "... (" + text.length() + " chars)";
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }
}
