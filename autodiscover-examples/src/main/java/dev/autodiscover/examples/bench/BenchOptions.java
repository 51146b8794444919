package dev.autodiscover.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The command lines of the benchmarks: options that each take one value ({@code --runs 15}). */
final class BenchOptions {
  private BenchOptions() {}

  /**
   * Pairs each option with the value after it, in order.
   *
   * @param args the command line
   * @return the option/value pairs
   * @throws IllegalArgumentException if the last option has no value
   */
  static List<Map.Entry<String, String>> pairs(String[] args) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + args[i]);
      }
      pairs.add(Map.entry(args[i], args[i + 1]));
    }
    return pairs;
  }
}
