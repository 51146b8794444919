package dev.autodiscover.internal.v2;

import static dev.autodiscover.internal.fuzz.Hostile.utf8;
import static dev.autodiscover.internal.fuzz.Hostile.withinBudget;
import static dev.autodiscover.internal.fuzz.Properties.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autodiscover.internal.fuzz.Gen;
import dev.autodiscover.internal.fuzz.Hostile;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Properties of {@link V2Codec}: nothing throws for server input, parses are bounded in time and size. */
class V2CodecPropertyTest {
  private static final V2Codec CODEC = V2Codec.create();
  private static final List<String> SEEDS = List.of(
      "{\"Protocol\":\"EWS\",\"Url\":\"https://outlook.office365.com/EWS/Exchange.asmx\"}",
      "{\"Protocol\":\"AutodiscoverV1\",\"Url\":\"https://autodiscover-s.outlook.com/autodiscover/autodiscover.xml\"}",
      "{\"ErrorCode\":\"InternalServerError\",\"ErrorMessage\":\"Failed to resolve\"}",
      "{\"issuer\":\"https://sts.windows.net/x/\",\"tenant_region_scope\":\"EU\",\"n\":[1,{\"a\":null}]}");
  private static final Function<Random, byte[]> BODIES = Hostile.mutatedJson(SEEDS);

  @Test
  void parse_ofHostileAnswer_neverThrowsAndStaysWithinBudget() {
    forAll("parse_ofHostileAnswer_neverThrowsAndStaysWithinBudget",
        r -> new Answer(BODIES.apply(r), status(r), location(r), contentType(r)), in -> withinBudget(() -> {
          V2Response response = CODEC.parse(in.status(), in.location(), in.body(), in.contentType());
          assertThat(response).isNotNull();
          if (response instanceof V2Response.Endpoint endpoint) {
            assertThat(endpoint.url().isAbsolute()).as("endpoint URL of %s", endpoint).isTrue();
          }
        }));
  }

  @Test
  void stringFields_ofHostileBody_neverThrowsAndStaysWithinBudget() {
    forAll("stringFields_ofHostileBody_neverThrowsAndStaysWithinBudget", BODIES,
        body -> withinBudget(() -> assertThat(CODEC.stringFields(body)).isNotNull()));
  }

  @Test
  void parse_ofBodyOverTheCap_isNotV2() {
    forAll("parse_ofBodyOverTheCap_isNotV2", 20, r -> Gen.between(r, 1, 50_000), extra -> {
      String seed = SEEDS.get(0);
      byte[] body = utf8(seed.substring(0, seed.length() - 1) + " ".repeat(V2Codec.MAX_BODY_BYTES + extra) + "}");
      assertThat(CODEC.parse(200, null, body, "application/json")).isInstanceOf(V2Response.NotV2.class);
      assertThat(CODEC.stringFields(body)).isEmpty();
    });
  }

  private record Answer(byte[] body, int status, String location, String contentType) {}

  private static int status(Random r) {
    return r.nextBoolean() ? Gen.pick(r, 200, 301, 302, 303, 307, 308, 400, 401, 404, 500, 503)
        : Gen.between(r, -1, 1000);
  }

  private static String location(Random r) {
    return Gen.orNull(r, 0.3, g -> g.nextBoolean()
        ? Gen.pick(g, "", " ", "https://outlook.office365.com/x", "//evil", ":") : Gen.anyString(g, 200));
  }

  private static String contentType(Random r) {
    return Gen.orNull(r, 0.2, g -> Gen.pick(g, "application/json", "application/json; charset=utf-8", "text/html",
        "text/plain", "application/json; charset=utf-16", "application/json; charset=bogus", ""));
  }
}
