package dev.autodiscover.internal.engine;

import static dev.autodiscover.internal.engine.UnreachableRule.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule's arithmetic, with exact inputs (times in ms from an arbitrary origin). */
class UnreachableRuleTest {
  private static long ms(double millis) {
    return Math.round(millis * 1_000_000);
  }

  @ParameterizedTest(name = "sent {0}, connecting since {1}, winner sent {2}: overtaken {3}")
  @CsvSource({
      // connection begun, no ClientHello, winner's request sent later or at the same instant: overtaken
      "100, 101, 103, true",
      "100, 101, 100, true",
      // winner's request sent before the pending one: no sign, the floor stays
      "100, 101, 99.9, false",
      // the connection got as far as its ClientHello (or none has begun for it): no sign
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
      // 90% of the winner's running time, with a floor of 10 ms, or 5 ms once overtaken
      "2, false, 9",
      "2, true, 4.5",
      "7, false, 9",
      "7, true, 6.3",
      "10, false, 9",
      "30, false, 27",
      "30, true, 27",
      // a negative running time (clocks read on different threads) counts as none
      "-3, true, 4.5",
  })
  void graceNanos(double winnerRanMs, boolean overtaken, double graceMs) {
    assertThat(UnreachableRule.graceNanos(ms(winnerRanMs), overtaken)).isEqualTo(ms(graceMs));
  }

  private static long time(String ms) {
    return ms.equals("NONE") ? NONE : ms(Double.parseDouble(ms));
  }
}
