package dev.autodiscover.internal.dns;

import static dev.autodiscover.internal.fuzz.Properties.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autodiscover.internal.fuzz.Gen;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Properties of {@link SrvOrder#rfc2782}: a permutation of the offered records in priority order. */
class SrvOrderPropertyTest {

  @Test
  void rfc2782_isAPermutationOfTheOfferedRecordsInPriorityOrder() {
    forAll("rfc2782_isAPermutationOfTheOfferedRecordsInPriorityOrder",
        r -> new Scripted(records(r), draws(r)), in -> {
          List<SrvRecord> ordered = SrvOrder.rfc2782(in.records(), scripted(in.draws()));

          List<SrvRecord> offered = in.records().stream().filter(rec -> !rec.notOffered()).toList();
          assertThat(ordered).containsExactlyInAnyOrderElementsOf(offered);
          for (int i = 1; i < ordered.size(); i++) {
            assertThat(ordered.get(i - 1).priority()).isLessThanOrEqualTo(ordered.get(i).priority());
          }
        });
  }

  @Test
  void rfc2782_withTheSameSeed_givesTheSameOrder() {
    forAll("rfc2782_withTheSameSeed_givesTheSameOrder", r -> new Seeded(records(r), r.nextLong()),
        in -> assertThat(SrvOrder.rfc2782(in.records(), new SplittableRandom(in.seed())))
            .isEqualTo(SrvOrder.rfc2782(in.records(), new SplittableRandom(in.seed()))));
  }

  @Test
  void rfc2782_whenAllWeightsAreZero_keepsTheInputOrderWithinAPriority() {
    forAll("rfc2782_whenAllWeightsAreZero_keepsTheInputOrderWithinAPriority",
        r -> new Seeded(records(r), r.nextLong()), in -> {
          List<SrvRecord> unweighted = in.records().stream()
              .map(r -> new SrvRecord(r.priority(), 0, r.port(), r.notOffered() ? "." : r.target())).toList();
          List<SrvRecord> expected = new ArrayList<>(unweighted.stream().filter(r -> !r.notOffered()).toList());
          expected.sort(java.util.Comparator.comparingInt(SrvRecord::priority));
          assertThat(SrvOrder.rfc2782(unweighted, new SplittableRandom(in.seed()))).isEqualTo(expected);
        });
  }

  private record Scripted(List<SrvRecord> records, List<Long> draws) {}

  private record Seeded(List<SrvRecord> records, long seed) {}

  private static List<SrvRecord> records(Random r) {
    return Gen.list(r, 0, 12, g -> new SrvRecord(
        g.nextBoolean() ? Gen.between(g, 0, 3) : Gen.pick(g, 0, 65535),
        g.nextBoolean() ? Gen.pick(g, 0, 1, 65535) : Gen.between(g, 0, 65535),
        Gen.between(g, 0, 65535),
        Gen.pick(g, ".", "mail.contoso.com", "MAIL.contoso.com.", "a.example", "b.example.")));
  }

  /** Draws for a generator that returns them in turn: fixed extremes and arbitrary values. */
  private static List<Long> draws(Random r) {
    return Gen.list(r, 1, 20, g -> g.nextBoolean() ? Gen.pick(g, 0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE)
        : g.nextLong());
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
