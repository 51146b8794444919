package dev.autodiscover.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of {@link SrvOrder#rfc2782}: a permutation of the offered records in priority order. */
class SrvOrderPropertyTest {

  @Property
  void rfc2782_isAPermutationOfTheOfferedRecordsInPriorityOrder(@ForAll("records") List<SrvRecord> records,
      @ForAll("draws") List<Long> draws) {
    List<SrvRecord> ordered = SrvOrder.rfc2782(records, scripted(draws));

    List<SrvRecord> offered = records.stream().filter(r -> !r.notOffered()).toList();
    assertThat(ordered).containsExactlyInAnyOrderElementsOf(offered);
    for (int i = 1; i < ordered.size(); i++) {
      assertThat(ordered.get(i - 1).priority()).isLessThanOrEqualTo(ordered.get(i).priority());
    }
  }

  @Property
  void rfc2782_withTheSameSeed_givesTheSameOrder(@ForAll("records") List<SrvRecord> records, @ForAll long seed) {
    assertThat(SrvOrder.rfc2782(records, new SplittableRandom(seed)))
        .isEqualTo(SrvOrder.rfc2782(records, new SplittableRandom(seed)));
  }

  @Property
  void rfc2782_whenAllWeightsAreZero_keepsTheInputOrderWithinAPriority(@ForAll("records") List<SrvRecord> records,
      @ForAll long seed) {
    List<SrvRecord> unweighted = records.stream()
        .map(r -> new SrvRecord(r.priority(), 0, r.port(), r.notOffered() ? "." : r.target())).toList();
    List<SrvRecord> expected = new ArrayList<>(unweighted.stream().filter(r -> !r.notOffered()).toList());
    expected.sort(java.util.Comparator.comparingInt(SrvRecord::priority));
    assertThat(SrvOrder.rfc2782(unweighted, new SplittableRandom(seed))).isEqualTo(expected);
  }

  @Provide
  Arbitrary<List<SrvRecord>> records() {
    Arbitrary<Integer> priority = Arbitraries.oneOf(Arbitraries.integers().between(0, 3), Arbitraries.of(0, 65535));
    Arbitrary<Integer> weight = Arbitraries.oneOf(Arbitraries.of(0, 1, 65535), Arbitraries.integers().between(0, 65535));
    Arbitrary<String> target = Arbitraries.of(".", "mail.contoso.com", "MAIL.contoso.com.", "a.example", "b.example.");
    return Combinators.combine(priority, weight, Arbitraries.integers().between(0, 65535), target)
        .as(SrvRecord::new).list().ofMaxSize(12);
  }

  /** Draws for a generator that returns them in turn: fixed extremes and arbitrary values. */
  @Provide
  Arbitrary<List<Long>> draws() {
    return Arbitraries.oneOf(Arbitraries.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE), Arbitraries.longs())
        .list().ofMinSize(1).ofMaxSize(20);
  }

  /** A generator that answers every bounded draw from the script, folded into range (any legal answer). */
  private static RandomGenerator scripted(List<Long> draws) {
    return new RandomGenerator() {
      private Iterator<Long> next = draws.iterator();

      @Override
      public long nextLong() {
        if (!next.hasNext()) {
          next = draws.iterator();
        }
        return next.next();
      }

      @Override
      public long nextLong(long bound) {
        return Math.floorMod(nextLong(), bound);
      }
    };
  }
}
