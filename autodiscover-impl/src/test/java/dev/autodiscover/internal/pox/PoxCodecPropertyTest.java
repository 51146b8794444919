package dev.autodiscover.internal.pox;

import static dev.autodiscover.internal.fuzz.Hostile.utf8;
import static dev.autodiscover.internal.fuzz.Hostile.withinBudget;
import static dev.autodiscover.internal.fuzz.Properties.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodiscover.internal.fuzz.Gen;
import dev.autodiscover.internal.fuzz.Hostile;
import dev.autodiscover.internal.xml.NotAutodiscoverException;
import dev.autodiscover.testkit.PoxResponses;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Properties of {@link PoxCodec#parse} for hostile bodies: typed failure only, bounded time and size. */
class PoxCodecPropertyTest {
  private static final PoxCodec CODEC = PoxCodec.create();
  private static final List<String> SEEDS = List.of(
      PoxResponses.settingsXml("Jan Novak", "jan@contoso.com", "https://mail.contoso.com/EWS/Exchange.asmx",
          "https://mail.corp.contoso.com/EWS/Exchange.asmx"),
      PoxResponses.redirectAddrXml("lena@fabrikam.com"),
      PoxResponses.redirectUrlXml("https://autodiscover.fabrikam.com/autodiscover/autodiscover.xml"),
      PoxResponses.errorXml(600, "Invalid Request"));
  private static final Function<Random, byte[]> BODIES = Hostile.mutatedXml(SEEDS);

  @Test
  void parse_ofHostileBody_returnsOrThrowsNotAutodiscoverWithinBudget() {
    forAll("parse_ofHostileBody_returnsOrThrowsNotAutodiscoverWithinBudget",
        r -> new Input(BODIES.apply(r), contentType(r)), in -> withinBudget(() -> {
          try {
            assertThat(CODEC.parse(in.body(), in.contentType())).isNotNull();
          } catch (NotAutodiscoverException expected) {
            assertThat(expected.getMessage()).isNotBlank();
          }
        }));
  }

  @Test
  void parse_ofBodyOverTheCap_isRefusedUnread() {
    forAll("parse_ofBodyOverTheCap_isRefusedUnread", 20, PoxCodecPropertyTest::oversized,
        body -> assertThatThrownBy(() -> CODEC.parse(body, "text/xml"))
            .isInstanceOf(NotAutodiscoverException.class)
            .hasMessage("body larger than " + PoxCodec.MAX_BODY_BYTES + " bytes"));
  }

  private record Input(byte[] body, String contentType) {}

  private static String contentType(Random r) {
    return Gen.orNull(r, 0.1, g -> Gen.pick(g, "text/xml", "text/xml; charset=utf-8",
        "application/xml; charset=iso-8859-1", "text/xml; charset=utf-16", "text/xml; charset=nonsense",
        "text/html", "", ";;;"));
  }

  private static byte[] oversized(Random r) {
    int extra = Gen.between(r, 1, 100_000);
    return utf8(SEEDS.get(0) + " ".repeat(PoxCodec.MAX_BODY_BYTES + extra - utf8(SEEDS.get(0)).length));
  }
}
