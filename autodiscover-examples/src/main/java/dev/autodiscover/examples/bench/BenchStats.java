package dev.autodiscover.examples.bench;

/** Statistics the benchmarks report. */
final class BenchStats {
  private BenchStats() {}

  /**
   * Nearest-rank percentile of sorted samples; the median of an even count averages the middle two.
   *
   * @param sorted the samples, in ascending order
   * @param p the percentile, 1 to 100
   * @return the percentile, or NaN when there are no samples
   */
  static double percentile(double[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    if (p == 50 && sorted.length % 2 == 0) {
      return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
