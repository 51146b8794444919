package dev.autodiscover.internal.dns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** Orders SRV records the way RFC 2782 tells clients to try them. Stateless. */
public final class SrvOrder {
  private SrvOrder() {}

  /**
   * Returns the records in the order to try them, following RFC 2782: records whose target is {@code "."}
   * are dropped; lower priorities come first; within one priority, records are picked one after another by
   * weighted random selection. Each pick places the remaining weight-0 records first, draws a number
   * uniformly from 0 to the sum of the remaining weights (inclusive) and takes the first record whose running
   * weight sum reaches it, so weight-0 records keep a small chance of going first and, when all weights are
   * 0, the input order is kept.
   *
   * <p>The result depends only on the input order and on the numbers drawn from {@code random}: the same
   * list with an identically seeded generator gives the same order.
   *
   * @param records the records as the DNS returned them; not modified
   * @param random the source of randomness; called once per pick. Not thread-safe generators must not be
   *     shared with other threads during the call
   * @return a new, modifiable list
   * @throws NullPointerException if {@code records}, an element of it, or {@code random} is null
   */
  public static List<SrvRecord> rfc2782(List<SrvRecord> records, RandomGenerator random) {
    Objects.requireNonNull(random, "random");
    List<SrvRecord> offered = new ArrayList<>(records.size());
    for (SrvRecord record : records) {
      if (!Objects.requireNonNull(record, "records must not contain null").notOffered()) {
        offered.add(record);
      }
    }
    offered.sort(Comparator.comparingInt(SrvRecord::priority)); // stable: input order kept within a priority

    List<SrvRecord> ordered = new ArrayList<>(offered.size());
    int start = 0;
    while (start < offered.size()) {
      int end = start;
      while (end < offered.size() && offered.get(end).priority() == offered.get(start).priority()) {
        end++;
      }
      ordered.addAll(byWeight(offered.subList(start, end), random));
      start = end;
    }
    return ordered;
  }

  /** Weighted random selection within one priority (RFC 2782, "Usage rules"). */
  private static List<SrvRecord> byWeight(List<SrvRecord> samePriority, RandomGenerator random) {
    List<SrvRecord> remaining = new ArrayList<>(samePriority.size());
    samePriority.stream().filter(r -> r.weight() == 0).forEach(remaining::add);
    samePriority.stream().filter(r -> r.weight() != 0).forEach(remaining::add);
    long totalWeight = remaining.stream().mapToLong(SrvRecord::weight).sum();

    List<SrvRecord> picked = new ArrayList<>(remaining.size());
    while (!remaining.isEmpty()) {
      long draw = random.nextLong(totalWeight + 1);
      long runningSum = 0;
      int index = 0;
      while (true) {
        runningSum += remaining.get(index).weight();
        if (runningSum >= draw || index == remaining.size() - 1) {
          break;
        }
        index++;
      }
      SrvRecord next = remaining.remove(index);
      totalWeight -= next.weight();
      picked.add(next);
    }
    return picked;
  }
}
