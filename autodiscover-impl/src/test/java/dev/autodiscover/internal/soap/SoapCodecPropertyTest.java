package dev.autodiscover.internal.soap;

import static dev.autodiscover.internal.fuzz.Hostile.utf8;
import static dev.autodiscover.internal.fuzz.Hostile.withinBudget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodiscover.internal.fuzz.Hostile;
import dev.autodiscover.internal.xml.NotAutodiscoverException;
import dev.autodiscover.testkit.SoapResponses;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the SOAP answer parsers for hostile bodies: typed failure only, bounded time and size. */
class SoapCodecPropertyTest {
  private static final SoapCodec CODEC = SoapCodec.create();
  private static final List<String> SEEDS = List.of(
      SoapResponses.userResponses(
          SoapResponses.userSettings("Jan", "jan@contoso.com", "https://mail.contoso.com/EWS/Exchange.asmx", null),
          SoapResponses.redirectAddress("lena@fabrikam.com"),
          SoapResponses.redirectUrl("https://autodiscover.fabrikam.com/autodiscover/autodiscover.svc"),
          SoapResponses.userError("InvalidUser", "no such user")),
      SoapResponses.responseError("InvalidRequest", "bad"),
      SoapResponses.fault("soap:Server", "boom"),
      SoapResponses.domainResponses(
          SoapResponses.domainSettings(Map.of("ExternalEwsUrl", "https://mail.contoso.com/EWS/Exchange.asmx"),
              "ExternalEwsVersion"),
          SoapResponses.domainRedirectUrl("https://autodiscover.fabrikam.com/autodiscover/autodiscover.svc"),
          SoapResponses.domainError("InvalidDomain", "no")),
      SoapResponses.domainResponseError("InvalidRequest", "bad"));

  @Property
  void parseGetUserSettings_ofHostileBody_returnsOrThrowsNotAutodiscoverWithinBudget(
      @ForAll("bodies") byte[] body, @ForAll("contentTypes") String contentType) throws Exception {
    withinBudget(() -> {
      try {
        assertThat(CODEC.parseGetUserSettings(body, contentType)).isNotNull();
      } catch (NotAutodiscoverException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    });
  }

  @Property
  void parseGetDomainSettings_ofHostileBody_returnsOrThrowsNotAutodiscoverWithinBudget(
      @ForAll("bodies") byte[] body, @ForAll("contentTypes") String contentType) throws Exception {
    withinBudget(() -> {
      try {
        assertThat(CODEC.parseGetDomainSettings(body, contentType)).isNotNull();
      } catch (NotAutodiscoverException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    });
  }

  @Property(tries = 20)
  void parse_ofBodyOverTheCap_isRefusedUnread(@ForAll("oversized") byte[] body) {
    assertThatThrownBy(() -> CODEC.parseGetUserSettings(body, "text/xml"))
        .isInstanceOf(NotAutodiscoverException.class)
        .hasMessage("body larger than " + SoapCodec.MAX_BODY_BYTES + " bytes");
    assertThatThrownBy(() -> CODEC.parseGetDomainSettings(body, "text/xml"))
        .isInstanceOf(NotAutodiscoverException.class)
        .hasMessage("body larger than " + SoapCodec.MAX_BODY_BYTES + " bytes");
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    return Hostile.mutatedXml(SEEDS);
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of("text/xml; charset=utf-8", "application/soap+xml", "application/xml; charset=utf-16",
        "text/xml; charset=x-unknown", "application/json", "").injectNull(0.1);
  }

  @Provide
  Arbitrary<byte[]> oversized() {
    return Arbitraries.integers().between(1, 100_000)
        .map(extra -> utf8(" ".repeat(SoapCodec.MAX_BODY_BYTES + extra)));
  }
}
