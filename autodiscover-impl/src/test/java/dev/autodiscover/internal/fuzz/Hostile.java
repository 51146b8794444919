package dev.autodiscover.internal.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Generators of hostile input for the codec property tests: random bytes, and valid documents mutated by
 * deletions, duplications and insertions of XML/JSON tricks (DOCTYPEs, entities, CDATA, odd encodings,
 * surrogate halves, deep nesting, huge attributes).
 */
public final class Hostile {
  /**
   * The time one parse of one generated input may take. Real parses take a few milliseconds; the bound is
   * generous because the build machine is shared, but catches super-linear blow-ups (entity expansion,
   * quadratic scans) that take seconds or never end.
   */
  public static final Duration PARSE_BUDGET = Duration.ofSeconds(2);

  private static final List<String> XML_TRICKS = List.of(
      "<!DOCTYPE a [<!ENTITY e \"eeeeeeeeee\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>",
      "<!DOCTYPE a SYSTEM \"file:///etc/passwd\">", "<!ENTITY x SYSTEM \"http://127.0.0.1/\">",
      "&f;", "&e;", "&amp;", "&lt;", "&#0;", "&#x0;", "&#x10FFFF;", "&#xD800;", "&#99999999999;",
      "<![CDATA[", "]]>", "<!--", "-->", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
      "<?xml version=\"1.1\"?>", "<?pi data?>", "xmlns=\"\"", "xmlns:a=\"urn:x\"", "a:b", "<a:b>",
      "<", ">", "</", "/>", "\"", "'", "=", "\u0000", "\uFFFE", "\uD800", "\uDC00", "\u202E", "\r\n",
      "<Action>redirectUrl</Action>", "<Action>settings</Action>", "<Type>EXCH</Type>",
      "<RedirectUrl>http://evil.example/</RedirectUrl>", "<Error>", "</Error>", "<ErrorCode>1</ErrorCode>",
      "<soap:Fault>", "<a>", "</a>");
  private static final List<String> JSON_TRICKS = List.of(
      "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\uD800", "null", "true", "1e999999",
      "-0", "12345678901234567890123456789012345678901234567890", "\"Protocol\"", "\"Url\"", "\"ErrorCode\"",
      "\"Url\":\"http://evil.example/\"", "\"Protocol\":\"AutodiscoverV1\"", "/*c*/", "NaN", "\u0000", "\uFEFF",
      "\"Url\":1", "\"Url\":\"https://\"");

  private Hostile() {}

  /**
   * Random bytes, 0 to 4 KB, any values.
   *
   * @param r the random source
   * @return the bytes
   */
  public static byte[] randomBytes(Random r) {
    byte[] bytes = new byte[Gen.between(r, 0, 4096)];
    r.nextBytes(bytes);
    return bytes;
  }

  /**
   * XML documents derived from {@code seeds} by one to eight mutations, plus nesting and size attacks.
   *
   * @param seeds valid documents, not empty
   * @return a generator of document bytes
   */
  public static Function<Random, byte[]> mutatedXml(List<String> seeds) {
    return r -> {
      String seed = Gen.pick(r, seeds);
      return switch (weighted(r)) {
        case 0 -> utf8(mutate(r, seed, XML_TRICKS));
        case 1 -> {
          int depth = Gen.between(r, 60, 20_000);
          yield utf8(insertAfterFirstElement(seed, "<a>".repeat(depth) + "</a>".repeat(depth)));
        }
        case 2 -> utf8(seed.replaceFirst("<([A-Za-z:]+)",
            "<$1 huge=\"" + "x".repeat(Gen.between(r, 1_000, 400_000)) + "\""));
        default -> randomBytes(r);
      };
    };
  }

  /**
   * JSON documents derived from {@code seeds} by one to eight mutations, plus nesting and size attacks.
   *
   * @param seeds valid documents, not empty
   * @return a generator of document bytes
   */
  public static Function<Random, byte[]> mutatedJson(List<String> seeds) {
    return r -> {
      String seed = Gen.pick(r, seeds);
      return switch (weighted(r)) {
        case 0 -> utf8(mutate(r, seed, JSON_TRICKS));
        case 1 -> {
          int depth = Gen.between(r, 10, 60_000);
          yield utf8("{\"Protocol\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
        }
        case 2 -> utf8("{\"Protocol\":\"EWS\",\"Url\":\"https://" + "a".repeat(Gen.between(r, 1_000, 70_000))
            + ".example/\"}");
        default -> randomBytes(r);
      };
    };
  }

  /** 0 (mutation) with weight 6, then 1, 2 and 3 (the attacks) with weight 1 each. */
  private static int weighted(Random r) {
    int w = r.nextInt(9);
    return w < 6 ? 0 : w - 5;
  }

  private static String mutate(Random r, String seed, List<String> tricks) {
    String out = seed;
    for (int n = Gen.between(r, 1, 8); n > 0; n--) {
      out = new Mutation(r.nextInt(4), r.nextDouble(), r.nextDouble(), Gen.pick(r, tricks)).apply(out);
    }
    return out;
  }

  /** One edit at a relative position: insert a trick, delete a range, duplicate a range, or cut the tail. */
  private record Mutation(int kind, double at, double length, String trick) {
    String apply(String s) {
      int from = (int) (at * s.length());
      int to = Math.min(s.length(), from + (int) (length * Math.min(64, s.length() - from)));
      return switch (kind) {
        case 0 -> s.substring(0, from) + trick + s.substring(from);
        case 1 -> s.substring(0, from) + s.substring(to);
        case 2 -> s.substring(0, to) + s.substring(from, to) + s.substring(to);
        default -> s.substring(0, from);
      };
    }
  }

  private static String insertAfterFirstElement(String doc, String insert) {
    int root = doc.indexOf('>', doc.indexOf("?>") + 2);
    return root < 0 ? doc + insert : doc.substring(0, root + 1) + insert + doc.substring(root + 1);
  }

  /**
   * Runs one parse and fails if it took longer than {@link #PARSE_BUDGET}.
   *
   * @param parse the parse
   * @throws Exception whatever the parse throws
   */
  public static void withinBudget(ThrowingRunnable parse) throws Exception {
    long start = System.nanoTime();
    try {
      parse.run();
    } finally {
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      org.assertj.core.api.Assertions.assertThat(took).as("parse time").isLessThan(PARSE_BUDGET);
    }
  }

  /** A parse that may throw. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    /**
     * Runs.
     *
     * @throws Exception anything
     */
    void run() throws Exception;
  }

  /**
   * The bytes of a text in UTF-8.
   *
   * @param s the text
   * @return the bytes
   */
  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
