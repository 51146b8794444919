package dev.autodiscover.internal.pox;

import static dev.autodiscover.internal.fuzz.Hostile.utf8;
import static dev.autodiscover.internal.fuzz.Hostile.withinBudget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodiscover.internal.fuzz.Hostile;
import dev.autodiscover.internal.xml.NotAutodiscoverException;
import dev.autodiscover.testkit.PoxResponses;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of {@link PoxCodec#parse} for hostile bodies: typed failure only, bounded time and size. */
class PoxCodecPropertyTest {
  private static final PoxCodec CODEC = PoxCodec.create();
  private static final List<String> SEEDS = List.of(
      PoxResponses.settingsXml("Jan Novak", "jan@contoso.com", "https://mail.contoso.com/EWS/Exchange.asmx",
          "https://mail.corp.contoso.com/EWS/Exchange.asmx"),
      PoxResponses.redirectAddrXml("lena@fabrikam.com"),
      PoxResponses.redirectUrlXml("https://autodiscover.fabrikam.com/autodiscover/autodiscover.xml"),
      PoxResponses.errorXml(600, "Invalid Request"));

  @Property
  void parse_ofHostileBody_returnsOrThrowsNotAutodiscoverWithinBudget(
      @ForAll("bodies") byte[] body, @ForAll("contentTypes") String contentType) throws Exception {
    withinBudget(() -> {
      try {
        assertThat(CODEC.parse(body, contentType)).isNotNull();
      } catch (NotAutodiscoverException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    });
  }

  @Property(tries = 20)
  void parse_ofBodyOverTheCap_isRefusedUnread(@ForAll("oversized") byte[] body) {
    assertThatThrownBy(() -> CODEC.parse(body, "text/xml"))
        .isInstanceOf(NotAutodiscoverException.class)
        .hasMessage("body larger than " + PoxCodec.MAX_BODY_BYTES + " bytes");
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    return Hostile.mutatedXml(SEEDS);
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of("text/xml", "text/xml; charset=utf-8", "application/xml; charset=iso-8859-1",
        "text/xml; charset=utf-16", "text/xml; charset=nonsense", "text/html", "", ";;;").injectNull(0.1);
  }

  @Provide
  Arbitrary<byte[]> oversized() {
    return Arbitraries.integers().between(1, 100_000)
        .map(extra -> utf8(SEEDS.get(0) + " ".repeat(PoxCodec.MAX_BODY_BYTES + extra - utf8(SEEDS.get(0)).length)));
  }
}
