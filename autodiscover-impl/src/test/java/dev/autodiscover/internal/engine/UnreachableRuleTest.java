package dev.autodiscover.internal.engine;

import static dev.autodiscover.internal.engine.UnreachableRule.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule's arithmetic and its trace text, with exact inputs (times in ms from an arbitrary origin). */
class UnreachableRuleTest {
  private static final String PLAIN = "presumed unreachable: no TLS answer from the server in %d ms, while HTTP"
      + " redirect answered; one at a time, this request would have timed out";
  private static final String OVERTAKEN = "presumed unreachable: no TLS answer from the server in %d ms, not even a"
      + " connection (its TCP connect, or the proxy's CONNECT, unanswered), while HTTP redirect answered a request"
      + " sent no earlier; one at a time, this request would have timed out";

  private static long ms(double millis) {
    return Math.round(millis * 1_000_000);
  }

  private static long time(String ms) {
    return ms.equals("NONE") ? NONE : ms(Double.parseDouble(ms));
  }

  @ParameterizedTest(name = "sent {0}, connecting since {1}, winner sent {2}: overtaken {3}")
  @CsvSource({
      // connection begun, no handshake, winner's request sent later or at the same instant: overtaken
      "100, 101, 103, true",
      "100, 101, 100, true",
      // winner's request sent before the pending one: no sign, the floor stays
      "100, 101, 99.9, false",
      // the connection began its handshake (or none has begun for it): no sign
      "100, NONE, 103, false",
      // the winner sent nothing (a file, a cache): no sign
      "100, 101, NONE, false",
  })
  void overtakenBy(String sent, String connecting, String winnerSent, boolean expected) {
    UnreachableRule.Silence silence = new UnreachableRule.Silence(ms(Double.parseDouble(sent)), time(connecting));

    assertThat(silence.overtakenBy(time(winnerSent))).isEqualTo(expected);
  }

  @Test
  void overtakenBy_comparesInstantsAcrossTheOverflowOfNanoTime() {
    UnreachableRule.Silence silence = new UnreachableRule.Silence(Long.MAX_VALUE - 10, Long.MAX_VALUE - 5);

    assertThat(silence.overtakenBy(Long.MAX_VALUE + 20)).isTrue(); // 30 ns later, past the overflow
    assertThat(silence.overtakenBy(Long.MAX_VALUE - 11)).isFalse();
  }

  @ParameterizedTest(name = "winner ran {0} ms, overtaken {1}: grace {2} ms")
  @CsvSource({
      // 90% of the winner's running time, with a floor of 10 ms, or 6 ms once overtaken
      "2, false, 9",
      "2, true, 5.4",
      "7, false, 9",
      "7, true, 6.3",
      "10, false, 9",
      "30, false, 27",
      "30, true, 27",
      // a negative running time (clocks read on different threads) counts as none
      "-3, true, 5.4",
  })
  void graceNanos(double winnerRanMs, boolean overtaken, double graceMs) {
    assertThat(UnreachableRule.graceNanos(ms(winnerRanMs), overtaken)).isEqualTo(ms(graceMs));
  }

  /**
   * A request sent at 100 ms to a silent server; the winner ran 3 ms (so the floor decides). The decision at
   * {@code now}, with the request's connection stuck before its handshake or not, and the winner's request sent at
   * 101 ms (after it) or 99 ms (before it).
   */
  @ParameterizedTest(name = "now {0}, connecting since {1}, winner sent {2}: {3}")
  @CsvSource({
      // overtaken: let go from 5.4 ms in flight on
      "105.3, 100.5, 101, ",
      "105.4, 100.5, 101, OVERTAKEN 5",
      "108, 100.5, 101, OVERTAKEN 8",
      // the winner's request went out first: the general floor, 9 ms in flight
      "105.4, 100.5, 99, ",
      "108.9, 100.5, 99, ",
      "109, 100.5, 99, PLAIN 9",
      // the connection is up (its handshake began): the general floor, whoever sent first
      "108.9, NONE, 101, ",
      "112, NONE, 101, PLAIN 12",
  })
  void letGoReason(double nowMs, String connecting, double winnerSentMs, String expected) {
    UnreachableRule.Silence silence = new UnreachableRule.Silence(ms(100), time(connecting));

    String reason = UnreachableRule.letGoReason(ms(nowMs), silence, ms(3), ms(winnerSentMs), "HTTP redirect");

    if (expected == null) {
      assertThat(reason).isNull();
      assertThat(UnreachableRule.letGoAt(silence, ms(3), ms(winnerSentMs))).isGreaterThan(ms(nowMs));
    } else {
      assertThat(UnreachableRule.letGoAt(silence, ms(3), ms(winnerSentMs))).isLessThanOrEqualTo(ms(nowMs));
      String[] kind = expected.split(" ");
      assertThat(reason).isEqualTo(String.format(kind[0].equals("PLAIN") ? PLAIN : OVERTAKEN,
          Integer.parseInt(kind[1])));
    }
  }

  @Test
  void letGoReason_aWinnerSlowerThanTheFloor_setsTheGraceAtNinetyPercentOfItsTime() {
    UnreachableRule.Silence stuck = new UnreachableRule.Silence(ms(100), ms(100.5));

    assertThat(UnreachableRule.letGoReason(ms(135.9), stuck, ms(40), ms(101), "HTTP redirect")).isNull();
    assertThat(UnreachableRule.letGoReason(ms(136), stuck, ms(40), ms(101), "HTTP redirect"))
        .isEqualTo(String.format(OVERTAKEN, 36));
    assertThat(UnreachableRule.letGoAt(stuck, ms(40), ms(101))).isEqualTo(ms(136));
  }
}
