package dev.autodiscover;

/**
 * How far a batch has got.
 *
 * @param total the number of addresses in the batch
 * @param done how many have a final item ({@code succeeded + failed})
 * @param succeeded how many succeeded
 * @param failed how many failed (invalid addresses included)
 */
public record BatchProgress(int total, int done, int succeeded, int failed) {
  /**
   * Checks the counts.
   *
   * @param total the number of addresses in the batch
   * @param done how many have a final item
   * @param succeeded how many succeeded
   * @param failed how many failed
   * @throws IllegalArgumentException if a count is negative, or {@code done} is not {@code succeeded + failed},
   *     or exceeds {@code total}
   */
  public BatchProgress {
    if (total < 0 || succeeded < 0 || failed < 0 || done != succeeded + failed || done > total) {
      throw new IllegalArgumentException(
          "inconsistent progress: total " + total + ", done " + done + ", succeeded " + succeeded + ", failed " + failed);
    }
  }

  /**
   * Whether every address has its item.
   *
   * @return {@code done == total}
   */
  public boolean isComplete() {
    return done == total;
  }
}
