package dev.autodiscover.internal.soap;

import static dev.autodiscover.internal.fuzz.Hostile.utf8;
import static dev.autodiscover.internal.fuzz.Hostile.withinBudget;
import static dev.autodiscover.internal.fuzz.Properties.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodiscover.internal.fuzz.Gen;
import dev.autodiscover.internal.fuzz.Hostile;
import dev.autodiscover.internal.xml.NotAutodiscoverException;
import dev.autodiscover.testkit.SoapResponses;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

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
  private static final Function<Random, byte[]> BODIES = Hostile.mutatedXml(SEEDS);

  @Test
  void parseGetUserSettings_ofHostileBody_returnsOrThrowsNotAutodiscoverWithinBudget() {
    forAll("parseGetUserSettings_ofHostileBody_returnsOrThrowsNotAutodiscoverWithinBudget",
        r -> new Input(BODIES.apply(r), contentType(r)), in -> withinBudget(() -> {
          try {
            assertThat(CODEC.parseGetUserSettings(in.body(), in.contentType())).isNotNull();
          } catch (NotAutodiscoverException expected) {
            assertThat(expected.getMessage()).isNotBlank();
          }
        }));
  }

  @Test
  void parseGetDomainSettings_ofHostileBody_returnsOrThrowsNotAutodiscoverWithinBudget() {
    forAll("parseGetDomainSettings_ofHostileBody_returnsOrThrowsNotAutodiscoverWithinBudget",
        r -> new Input(BODIES.apply(r), contentType(r)), in -> withinBudget(() -> {
          try {
            assertThat(CODEC.parseGetDomainSettings(in.body(), in.contentType())).isNotNull();
          } catch (NotAutodiscoverException expected) {
            assertThat(expected.getMessage()).isNotBlank();
          }
        }));
  }

  @Test
  void parse_ofBodyOverTheCap_isRefusedUnread() {
    forAll("parse_ofBodyOverTheCap_isRefusedUnread", 20,
        r -> utf8(" ".repeat(SoapCodec.MAX_BODY_BYTES + Gen.between(r, 1, 100_000))), body -> {
          assertThatThrownBy(() -> CODEC.parseGetUserSettings(body, "text/xml"))
              .isInstanceOf(NotAutodiscoverException.class)
              .hasMessage("body larger than " + SoapCodec.MAX_BODY_BYTES + " bytes");
          assertThatThrownBy(() -> CODEC.parseGetDomainSettings(body, "text/xml"))
              .isInstanceOf(NotAutodiscoverException.class)
              .hasMessage("body larger than " + SoapCodec.MAX_BODY_BYTES + " bytes");
        });
  }

  private record Input(byte[] body, String contentType) {}

  private static String contentType(Random r) {
    return Gen.orNull(r, 0.1, g -> Gen.pick(g, "text/xml; charset=utf-8", "application/soap+xml",
        "application/xml; charset=utf-16", "text/xml; charset=x-unknown", "application/json", ""));
  }
}
