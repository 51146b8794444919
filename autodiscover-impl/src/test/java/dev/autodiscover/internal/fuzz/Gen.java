package dev.autodiscover.internal.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/** Small {@link Random}-based building blocks for property-test generators. Stateless and thread-safe. */
public final class Gen {
  private Gen() {}

  /**
   * One of the values, uniformly.
   *
   * @param r the random source
   * @param values the choices, at least one
   * @param <T> the value type
   * @return the chosen value
   */
  @SafeVarargs
  public static <T> T pick(Random r, T... values) {
    return values[r.nextInt(values.length)];
  }

  /**
   * One of the values, uniformly.
   *
   * @param r the random source
   * @param values the choices, not empty
   * @param <T> the value type
   * @return the chosen value
   */
  public static <T> T pick(Random r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }

  /**
   * An integer in a closed range, uniformly, but the bounds one time in ten (edge cases).
   *
   * @param r the random source
   * @param min the least value
   * @param max the greatest value, at least {@code min}
   * @return the integer
   */
  public static int between(Random r, int min, int max) {
    int edge = r.nextInt(20);
    return edge == 0 ? min : edge == 1 ? max : min + r.nextInt(max - min + 1);
  }

  /**
   * A list of {@code min} to {@code max} samples of {@code element}.
   *
   * @param r the random source
   * @param min the least size
   * @param max the greatest size
   * @param element draws one element
   * @param <T> the element type
   * @return a new mutable list
   */
  public static <T> List<T> list(Random r, int min, int max, Function<Random, T> element) {
    int size = between(r, min, max);
    List<T> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(element.apply(r));
    }
    return out;
  }

  /**
   * A string of {@code min} to {@code max} characters taken from {@code chars}.
   *
   * @param r the random source
   * @param chars the alphabet, not empty
   * @param min the least length
   * @param max the greatest length
   * @return the string
   */
  public static String string(Random r, String chars, int min, int max) {
    int length = between(r, min, max);
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(chars.charAt(r.nextInt(chars.length())));
    }
    return b.toString();
  }

  /**
   * A string of up to {@code max} arbitrary UTF-16 units: mostly printable ASCII, also controls, Latin-1,
   * any BMP character and lone surrogates.
   *
   * @param r the random source
   * @param max the greatest length
   * @return the string
   */
  public static String anyString(Random r, int max) {
    int length = between(r, 0, max);
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(switch (r.nextInt(8)) {
        case 0 -> (char) r.nextInt(0x20);
        case 1 -> (char) (0x80 + r.nextInt(0x180));
        case 2 -> (char) r.nextInt(0x10000);
        case 3 -> (char) (0xD800 + r.nextInt(0x800));
        default -> (char) (0x20 + r.nextInt(0x5F));
      });
    }
    return b.toString();
  }

  /**
   * {@code null} with the given probability, otherwise a sample of {@code value}.
   *
   * @param r the random source
   * @param probability the chance of null, 0 to 1
   * @param value draws a non-null value
   * @param <T> the value type
   * @return the value or null
   */
  public static <T> T orNull(Random r, double probability, Function<Random, T> value) {
    return r.nextDouble() < probability ? null : value.apply(r);
  }
}
