package dev.autodiscover;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The storage of the settings views: an unmodifiable map of element names to texts in insertion order, kept in one
 * array of names and texts. A batch of many users holds one or more per user, and a {@code LinkedHashMap} behind an
 * unmodifiable view costs several times as much (an entry object per element, a hash table and two map objects).
 *
 * <p>Lookups compare names one by one, which suits the tens of elements a settings block has. {@code equals},
 * {@code hashCode} and {@code toString} are those of {@link AbstractMap}, so a {@code TextMap} equals a
 * {@code LinkedHashMap} with the same entries. Every method that would change the map throws
 * {@link UnsupportedOperationException}, as {@code Collections.unmodifiableMap} does. Immutable and thread-safe;
 * never holds null names or texts.
 */
final class TextMap extends AbstractMap<String, String> {
  /** The empty map. */
  static final TextMap EMPTY = new TextMap(new String[0]);

  /** Names at even indices, each followed by its text. */
  private final String[] namesAndTexts;

  private TextMap(String[] namesAndTexts) {
    this.namesAndTexts = namesAndTexts;
  }

  /**
   * Copies a map, keeping its iteration order.
   *
   * @param map the elements; a {@code TextMap} is returned as it is
   * @return the unmodifiable copy ({@link #EMPTY} for an empty map)
   * @throws NullPointerException if the map, a name or a text is null (the message names the element)
   */
  static TextMap copyOf(Map<String, String> map) {
    Objects.requireNonNull(map, "elements");
    if (map instanceof TextMap t) {
      return t;
    }
    // A HashMap (or LinkedHashMap) holds each name once; any other map is first collected as a LinkedHashMap would.
    Map<String, String> unique = map instanceof HashMap ? map : new LinkedHashMap<>(map);
    String[] copy = new String[unique.size() * 2];
    int[] at = {0};
    unique.forEach((name, text) -> {
      Objects.requireNonNull(name, "element name");
      Objects.requireNonNull(text, name);
      copy[at[0]++] = name;
      copy[at[0]++] = text;
    });
    return at[0] == 0 ? EMPTY : new TextMap(at[0] == copy.length ? copy : Arrays.copyOf(copy, at[0]));
  }

  @Override
  public int size() {
    return namesAndTexts.length / 2;
  }

  @Override
  public boolean isEmpty() {
    return namesAndTexts.length == 0;
  }

  @Override
  public boolean containsKey(@Nullable Object name) {
    return indexOf(name) >= 0;
  }

  @Override
  public @Nullable String get(@Nullable Object name) {
    int i = indexOf(name);
    return i < 0 ? null : namesAndTexts[i + 1];
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super String> action) {
    Objects.requireNonNull(action, "action");
    for (int i = 0; i < namesAndTexts.length; i += 2) {
      action.accept(namesAndTexts[i], namesAndTexts[i + 1]);
    }
  }

  private int indexOf(@Nullable Object name) {
    if (name != null) {
      for (int i = 0; i < namesAndTexts.length; i += 2) {
        if (namesAndTexts[i].equals(name)) {
          return i;
        }
      }
    }
    return -1;
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < namesAndTexts.length;
          }

          @Override
          public Map.Entry<String, String> next() {
            if (next >= namesAndTexts.length) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, String> e = new SimpleImmutableEntry<>(namesAndTexts[next], namesAndTexts[next + 1]);
            next += 2;
            return e;
          }
        };
      }

      @Override
      public int size() {
        return TextMap.this.size();
      }

      @Override
      public boolean remove(@Nullable Object o) {
        throw unmodifiable();
      }

      @Override
      public void clear() {
        throw unmodifiable();
      }
    };
  }

  private static UnsupportedOperationException unmodifiable() {
    return new UnsupportedOperationException("settings elements cannot be changed");
  }

  @Override
  public String put(String name, String text) {
    throw unmodifiable();
  }

  @Override
  public String remove(@Nullable Object name) {
    throw unmodifiable();
  }

  @Override
  public void putAll(Map<? extends String, ? extends String> map) {
    throw unmodifiable();
  }

  @Override
  public void clear() {
    throw unmodifiable();
  }

  @Override
  public void replaceAll(BiFunction<? super String, ? super String, ? extends String> function) {
    throw unmodifiable();
  }

  @Override
  public String putIfAbsent(String name, String text) {
    throw unmodifiable();
  }

  @Override
  public boolean remove(@Nullable Object name, @Nullable Object text) {
    throw unmodifiable();
  }

  @Override
  public boolean replace(String name, String oldText, String newText) {
    throw unmodifiable();
  }

  @Override
  public String replace(String name, String text) {
    throw unmodifiable();
  }

  @Override
  public String computeIfAbsent(String name, Function<? super String, ? extends String> f) {
    throw unmodifiable();
  }

  @Override
  public String computeIfPresent(String name, BiFunction<? super String, ? super String, ? extends String> f) {
    throw unmodifiable();
  }

  @Override
  public String compute(String name, BiFunction<? super String, ? super @Nullable String, ? extends String> f) {
    throw unmodifiable();
  }

  @Override
  public String merge(String name, String text, BiFunction<? super String, ? super String, ? extends String> f) {
    throw unmodifiable();
  }
}
