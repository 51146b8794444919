package dev.autodiscover.internal.fuzz;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Function;

/**
 * A minimal property runner on plain JUnit 5: runs a property on samples drawn from a {@link Random}-based
 * generator, one fresh {@link Random} per try, each seeded from a base seed. No shrinking.
 *
 * <p>System properties: {@code -Dfuzz.tries=N} (default 100) sets the number of tries of properties that do
 * not fix their own; {@code -Dfuzz.seed=S} reruns exactly the one try whose seed is {@code S} (a failure
 * message names it), or with {@code -Dfuzz.tries} too, uses {@code S} as the base seed of that many tries;
 * {@code -Dfuzz.random=true} mixes {@link System#nanoTime()} into the base seed, for exploration. Without
 * them the base seed is fixed, so CI runs are deterministic. A long local run:
 * {@code ./mvnw -B -o -pl autodiscover-impl -am verify -Dfuzz.tries=100000 -Dfuzz.random=true
 * -Dtest='*PropertyTest' -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>Thread-safe (stateless); properties run on the calling thread.
 */
public final class Properties {
  /** Tries of a property that does not fix its own, unless {@code -Dfuzz.tries} says otherwise. */
  public static final int DEFAULT_TRIES = 100;

  private static final long DEFAULT_SEED = 0x5EED_A17D_15C0_7E12L;
  private static final int MAX_SAMPLE_CHARS = 500;

  private Properties() {}

  /**
   * Checks {@code property} on {@code -Dfuzz.tries} (default {@value #DEFAULT_TRIES}) samples.
   *
   * @param name the property's name, for the failure message and to vary the default seed; not null
   * @param generator draws one sample from the given random source; not null
   * @param property checks one sample, throwing (an {@link AssertionError} or anything else) if it does not hold
   * @param <T> the sample type
   * @throws AssertionError naming the property, the try, the seed that reproduces it and the sample, caused
   *     by what the property or the generator threw
   */
  public static <T> void forAll(String name, Function<Random, T> generator, Check<T> property) {
    forAll(name, Integer.getInteger("fuzz.tries", DEFAULT_TRIES), generator, property);
  }

  /**
   * Checks {@code property} on a fixed number of samples, for expensive properties ({@code -Dfuzz.tries}
   * does not change it; {@code -Dfuzz.seed} still reruns one try).
   *
   * @param name the property's name; not null
   * @param tries how many samples, at least 1
   * @param generator draws one sample; not null
   * @param property checks one sample; not null
   * @param <T> the sample type
   * @throws AssertionError as {@link #forAll(String, Function, Check)} does
   */
  public static <T> void forAll(String name, int tries, Function<Random, T> generator, Check<T> property) {
    Long given = Long.getLong("fuzz.seed");
    int count = given != null && System.getProperty("fuzz.tries") == null ? 1 : tries;
    long base = given != null ? given : DEFAULT_SEED ^ name.hashCode()
        ^ (Boolean.getBoolean("fuzz.random") ? System.nanoTime() : 0);
    for (int i = 0; i < count; i++) {
      long seed = i == 0 ? base : mix(base + i * 0x9E37_79B9_7F4A_7C15L);
      Object sample = "(generator failed)";
      try {
        T drawn = generator.apply(new Random(seed));
        sample = drawn;
        property.check(drawn);
      } catch (Exception | AssertionError e) {
        throw new AssertionError("Property '" + name + "' failed on try " + (i + 1) + " of " + count
            + "; reproduce with -Dfuzz.seed=" + seed + "\nsample: " + describe(sample) + "\n" + e, e);
      }
    }
  }

  /**
   * A readable, bounded rendering of a sample: byte arrays as their UTF-8 text, records component by component,
   * control, format and surrogate characters escaped, cut to {@value #MAX_SAMPLE_CHARS} characters.
   *
   * @param sample the sample; may be null
   * @return the rendering; never null
   */
  public static String describe(Object sample) {
    String text = render(sample);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < MAX_SAMPLE_CHARS; i++) {
      char c = text.charAt(i);
      int type = Character.getType(c);
      if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.length() < MAX_SAMPLE_CHARS ? out.toString()
        : out.substring(0, MAX_SAMPLE_CHARS) + "... (" + text.length() + " chars)";
  }

  private static String render(Object sample) {
    if (sample instanceof byte[] bytes) {
      return "byte[" + bytes.length + "] \"" + new String(bytes, StandardCharsets.UTF_8) + "\"";
    }
    if (sample instanceof Record record) {
      StringBuilder b = new StringBuilder(record.getClass().getSimpleName()).append('[');
      String sep = "";
      for (RecordComponent c : record.getClass().getRecordComponents()) {
        Object value;
        try {
          c.getAccessor().setAccessible(true);
          value = c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException | RuntimeException e) {
          value = "?";
        }
        b.append(sep).append(c.getName()).append('=').append(render(value));
        sep = ", ";
      }
      return b.append(']').toString();
    }
    return String.valueOf(sample);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }

  /**
   * A property of one sample.
   *
   * @param <T> the sample type
   */
  @FunctionalInterface
  public interface Check<T> {
    /**
     * Checks the sample.
     *
     * @param sample the sample
     * @throws Exception if the property does not hold (or an {@link AssertionError})
     */
    void check(T sample) throws Exception;
  }
}
