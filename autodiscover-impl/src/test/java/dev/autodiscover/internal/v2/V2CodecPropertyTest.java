package dev.autodiscover.internal.v2;

import static dev.autodiscover.internal.fuzz.Hostile.utf8;
import static dev.autodiscover.internal.fuzz.Hostile.withinBudget;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autodiscover.internal.fuzz.Hostile;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of {@link V2Codec}: nothing throws for server input, parses are bounded in time and size. */
class V2CodecPropertyTest {
  private static final V2Codec CODEC = V2Codec.create();
  private static final List<String> SEEDS = List.of(
      "{\"Protocol\":\"EWS\",\"Url\":\"https://outlook.office365.com/EWS/Exchange.asmx\"}",
      "{\"Protocol\":\"AutodiscoverV1\",\"Url\":\"https://autodiscover-s.outlook.com/autodiscover/autodiscover.xml\"}",
      "{\"ErrorCode\":\"InternalServerError\",\"ErrorMessage\":\"Failed to resolve\"}",
      "{\"issuer\":\"https://sts.windows.net/x/\",\"tenant_region_scope\":\"EU\",\"n\":[1,{\"a\":null}]}");

  @Property
  void parse_ofHostileAnswer_neverThrowsAndStaysWithinBudget(@ForAll("bodies") byte[] body,
      @ForAll("statuses") int status, @ForAll("locations") String location, @ForAll("contentTypes") String type)
      throws Exception {
    withinBudget(() -> {
      V2Response response = CODEC.parse(status, location, body, type);
      assertThat(response).isNotNull();
      if (response instanceof V2Response.Endpoint endpoint) {
        assertThat(endpoint.url().isAbsolute()).as("endpoint URL of %s", endpoint).isTrue();
      }
    });
  }

  @Property
  void stringFields_ofHostileBody_neverThrowsAndStaysWithinBudget(@ForAll("bodies") byte[] body) throws Exception {
    withinBudget(() -> assertThat(CODEC.stringFields(body)).isNotNull());
  }

  @Property(tries = 20)
  void parse_ofBodyOverTheCap_isNotV2(@ForAll("oversizedPadding") int extra) {
    String seed = SEEDS.get(0);
    byte[] body = utf8(seed.substring(0, seed.length() - 1) + " ".repeat(V2Codec.MAX_BODY_BYTES + extra) + "}");
    assertThat(CODEC.parse(200, null, body, "application/json")).isInstanceOf(V2Response.NotV2.class);
    assertThat(CODEC.stringFields(body)).isEmpty();
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    return Hostile.mutatedJson(SEEDS);
  }

  @Provide
  Arbitrary<Integer> statuses() {
    return Arbitraries.oneOf(Arbitraries.of(200, 301, 302, 303, 307, 308, 400, 401, 404, 500, 503),
        Arbitraries.integers().between(-1, 1000));
  }

  @Provide
  Arbitrary<String> locations() {
    return Arbitraries.oneOf(Arbitraries.of("", " ", "https://outlook.office365.com/x", "//evil", ":"),
        Arbitraries.strings().ofMaxLength(200)).injectNull(0.3);
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of("application/json", "application/json; charset=utf-8", "text/html", "text/plain",
        "application/json; charset=utf-16", "application/json; charset=bogus", "").injectNull(0.2);
  }

  @Provide
  Arbitrary<Integer> oversizedPadding() {
    return Arbitraries.integers().between(1, 50_000);
  }
}
