package dev.autodiscover.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SrvOrderTest {
  private static final int DRAWS = 10_000;

  private static final SrvRecord P10_W50 = new SrvRecord(10, 50, 443, "mail.hoster-example.net");
  private static final SrvRecord P10_W10 = new SrvRecord(10, 10, 443, "mail2.hoster-example.net");
  private static final SrvRecord P20_W0 = new SrvRecord(20, 0, 443, "backup.hoster-example.net");
  private static final SrvRecord P5_W1 = new SrvRecord(5, 1, 443, "first.hoster-example.net");
  private static final SrvRecord NOT_OFFERED = new SrvRecord(0, 0, 0, ".");

  @Test
  void rfc2782_dropsRecordsWhoseTargetIsRoot() {
    List<SrvRecord> ordered = SrvOrder.rfc2782(List.of(NOT_OFFERED, P10_W50), new SplittableRandom(1));

    assertThat(ordered).containsExactly(P10_W50);
    assertThat(SrvOrder.rfc2782(List.of(NOT_OFFERED), new SplittableRandom(1))).isEmpty();
  }

  @Test
  void rfc2782_ordersByPriorityStrictly_whateverTheWeights() {
    List<SrvRecord> input = List.of(P20_W0, P10_W10, P5_W1, P10_W50);
    SplittableRandom random = new SplittableRandom(7);

    for (int i = 0; i < 1_000; i++) {
      List<SrvRecord> ordered = SrvOrder.rfc2782(input, random);

      assertThat(ordered).hasSize(4).containsExactlyInAnyOrderElementsOf(input);
      assertThat(ordered.get(0)).isEqualTo(P5_W1);
      assertThat(ordered.subList(1, 3)).containsExactlyInAnyOrder(P10_W10, P10_W50);
      assertThat(ordered.get(3)).isEqualTo(P20_W0);
    }
  }

  @Test
  void rfc2782_picksFirstInProportionToWeight() {
    SplittableRandom random = new SplittableRandom(42);
    int heavyFirst = 0;
    for (int i = 0; i < DRAWS; i++) {
      if (SrvOrder.rfc2782(List.of(P10_W10, P10_W50), random).get(0).equals(P10_W50)) {
        heavyFirst++;
      }
    }

    assertThat(heavyFirst / (double) DRAWS).isCloseTo(50.0 / 60, within(0.02));
  }

  @Test
  void rfc2782_spreadsFirstPlaceOverThreeWeights() {
    SrvRecord w60 = new SrvRecord(1, 60, 443, "a.example");
    SrvRecord w30 = new SrvRecord(1, 30, 443, "b.example");
    SrvRecord w10 = new SrvRecord(1, 10, 443, "c.example");
    Random random = new Random(2782);
    int[] first = new int[3];
    for (int i = 0; i < DRAWS; i++) {
      SrvRecord winner = SrvOrder.rfc2782(List.of(w10, w30, w60), random).get(0);
      first[winner == w60 ? 0 : winner == w30 ? 1 : 2]++;
    }

    assertThat(first[0] / (double) DRAWS).isCloseTo(0.6, within(0.02));
    assertThat(first[1] / (double) DRAWS).isCloseTo(0.3, within(0.02));
    assertThat(first[2] / (double) DRAWS).isCloseTo(0.1, within(0.02));
  }

  @Test
  void rfc2782_givesWeightZeroASmallChanceOfGoingFirst() {
    SrvRecord zero = new SrvRecord(10, 0, 443, "zero.example");
    SplittableRandom random = new SplittableRandom(3);
    int zeroFirst = 0;
    for (int i = 0; i < DRAWS; i++) {
      if (SrvOrder.rfc2782(List.of(P10_W10, zero), random).get(0).equals(zero)) {
        zeroFirst++;
      }
    }

    // Weight-0 records go to the front and win when the draw from [0, 10] is 0: one chance in eleven.
    assertThat(zeroFirst / (double) DRAWS).isCloseTo(1.0 / 11, within(0.015));
  }

  @Test
  void rfc2782_keepsInputOrderWhenAllWeightsAreZero() {
    SrvRecord a = new SrvRecord(10, 0, 443, "a.example");
    SrvRecord b = new SrvRecord(10, 0, 443, "b.example");
    SrvRecord c = new SrvRecord(10, 0, 443, "c.example");
    SplittableRandom random = new SplittableRandom(11);

    for (int i = 0; i < 100; i++) {
      assertThat(SrvOrder.rfc2782(List.of(b, c, a), random)).containsExactly(b, c, a);
    }
  }

  @Test
  void rfc2782_isStableForEqualInputAndSeed() {
    List<SrvRecord> input = new ArrayList<>(List.of(P20_W0, P10_W10, P10_W50, NOT_OFFERED,
        new SrvRecord(10, 30, 443, "mail3.hoster-example.net"), new SrvRecord(20, 5, 443, "backup2.example")));
    List<SrvRecord> copy = List.copyOf(input);

    for (long seed = 0; seed < 50; seed++) {
      List<SrvRecord> first = SrvOrder.rfc2782(input, new SplittableRandom(seed));
      List<SrvRecord> second = SrvOrder.rfc2782(new ArrayList<>(copy), new SplittableRandom(seed));

      assertThat(second).isEqualTo(first);
      assertThat(first).isNotSameAs(input).hasSize(5);
    }
    assertThat(input).isEqualTo(copy);
  }

  @Test
  void rfc2782_returnsANewModifiableList() {
    List<SrvRecord> ordered = SrvOrder.rfc2782(List.of(P10_W50), new SplittableRandom(1));

    ordered.add(P20_W0);

    assertThat(ordered).containsExactly(P10_W50, P20_W0);
  }

  @Test
  void rfc2782_rejectsNulls() {
    assertThatThrownBy(() -> SrvOrder.rfc2782(Arrays.asList(P10_W50, null), new SplittableRandom(1)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> SrvOrder.rfc2782(List.of(P10_W50), null)).isInstanceOf(NullPointerException.class);
  }
}
