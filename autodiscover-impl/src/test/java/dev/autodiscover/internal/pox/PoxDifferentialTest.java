package dev.autodiscover.internal.pox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodiscover.AlternativeMailbox;
import dev.autodiscover.MailboxSettings;
import dev.autodiscover.ProtocolSettings;
import dev.autodiscover.internal.fuzz.Hostile;
import dev.autodiscover.testkit.PoxResponses;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** TEMPORARY: old (JAXB) and new (element tree) codecs must agree on every document. */
class PoxDifferentialTest {
  static final boolean PRIVATE_NS = Boolean.getBoolean("diff.privateNs");
  static final String O = PoxCodec.RESPONSE_NS;
  static final String I = PoxCodec.OUTLOOK_RESPONSE_NS;
  static final String[] NAMES = {"Response", "Account", "User", "Error", "Action", "RedirectAddr", "RedirectUrl",
      "Protocol", "Type", "AlternativeMailbox", "PublicFolderInformation", "SmtpAddress", "ErrorCode", "Message",
      "DebugData", "Internal", "OWAUrl", "EwsUrl", "Server", "DisplayName", "AccountType", "Culture", "x", "Autodiscover"};
  static final String[] ATTRS = {"Type", "Version", "Time", "Id", "AuthenticationMethod", "a", "xsi:type", "xsi:nil",
      "o:Type", "i:Type", "f:Type", "f:a", "o:a", "i:Time", "xml:lang", "g:a", "m:Type"};
  static final int ATTR_COUNT = PRIVATE_NS ? ATTRS.length : ATTRS.length - 1;
  static final String[] VALUES = {"settings", "redirectAddr", "RedirectUrl", "redirecturl", "x@contoso.com",
      "https://a.contoso.com/ews", "EXCH", "EXPR", "WEB", "600", " 601 ", "abc", "", "  ", "true", "i:protocol",
      "i:error", "i:children", "i:account", "i:publicFolderInformation", "i:root", "xyz", "  padded  ", "a&amp;b",
      "<![CDATA[cd]]>", "x<!--c-->y", "&#64;", "\n\t"};
  static final String[] PREFIXES = PRIVATE_NS ? new String[] {"", "", "", "", "o:", "i:", "f:", "g:", "m:"}
      : new String[] {"", "", "", "", "o:", "i:", "f:", "g:"};

  static final String ROOT_OPEN = "<Autodiscover xmlns=\"" + O + "\" xmlns:o=\"" + O + "\" xmlns:i=\"" + I
      + "\" xmlns:f=\"urn:f\" xmlns:g=\"urn:g\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
      + " xmlns:m=\"urn:dev.autodiscover:internal:pox-response\">";

  final PoxCodec fresh = PoxCodec.create();
  final dev.autodiscover.internal.poxold.PoxCodec old = dev.autodiscover.internal.poxold.PoxCodec.create();

  @Test
  void oldAndNewAgree() throws Exception {
    List<String> seeds = new ArrayList<>();
    for (String r : List.of("settings-full.xml", "settings-unknown-elements.xml", "settings-mapihttp.xml")) {
      seeds.add(new String(PoxTestSupport.resource(r), StandardCharsets.UTF_8));
    }
    seeds.add(PoxResponses.settingsXml("Jan Novak", "jan@contoso.com", "https://mail.contoso.com/EWS/Exchange.asmx",
        "https://mail.corp.contoso.com/EWS/Exchange.asmx"));
    seeds.add(PoxResponses.redirectAddrXml("lena@fabrikam.com"));
    seeds.add(PoxResponses.redirectUrlXml("https://autodiscover.fabrikam.com/autodiscover/autodiscover.xml"));
    seeds.add(PoxResponses.errorXml(600, "Invalid Request"));
    Function<Random, byte[]> mutated = Hostile.mutatedXml(seeds);
    Map<String, String> mismatches = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    int n = Integer.getInteger("diff.tries", 20000);
    int settings = 0, errors = 0, redirects = 0, rejected = 0;
    for (String s : seeds) {
      compare(s.getBytes(StandardCharsets.UTF_8), "text/xml", mismatches, counts);
    }
    for (int t = 0; t < n; t++) {
      Random r = new Random(t);
      byte[] body;
      int kind = r.nextInt(10);
      if (kind < 6) {
        body = ("<?xml version=\"1.0\"?>" + ROOT_OPEN + tree(r, 0) + tree(r, 0) + "</Autodiscover>")
            .getBytes(StandardCharsets.UTF_8);
        int shape = r.nextInt(3);
        if (shape == 0) {
          body = ("<?xml version=\"1.0\"?>" + ROOT_OPEN + "<Response xmlns=\"" + I + "\">" + children(r, 1, 6)
              + "</Response></Autodiscover>").getBytes(StandardCharsets.UTF_8);
        } else if (shape == 1) {
          body = ("<?xml version=\"1.0\"?>" + ROOT_OPEN + "<Response xmlns=\"" + I + "\">" + children(r, 2, 3)
              + "<Account>" + children(r, 2, 3) + "<Action>" + VALUES[r.nextInt(4)] + "</Action>" + children(r, 2, 8)
              + "</Account>" + children(r, 2, 2) + "</Response></Autodiscover>").getBytes(StandardCharsets.UTF_8);
        }
      } else if (kind < 8) {
        body = Hostile.mutatedXml(List.of(new String(
            ("<?xml version=\"1.0\"?>" + ROOT_OPEN + "<Response xmlns=\"" + I + "\">" + children(r, 1, 6)
                + "</Response></Autodiscover>").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))).apply(r);
      } else {
        body = mutated.apply(r);
      }
      String kindOf = compare(body, r.nextInt(5) == 0 ? null : "text/xml", mismatches, counts);
      switch (kindOf.charAt(0)) {
        case 'S' -> settings++;
        case 'E' -> errors++;
        case 'R' -> redirects++;
        default -> rejected++;
      }
    }
    System.out.println("DIFF tries=" + n + " settings=" + settings + " errors=" + errors + " redirects=" + redirects
        + " rejected=" + rejected + " mismatches=" + counts);
    mismatches.forEach((k, v) -> System.out.println("DIFF MISMATCH " + k + "\n" + v));
    assertThat(mismatches).isEmpty();
  }

  private String compare(byte[] body, String contentType, Map<String, String> mismatches,
      Map<String, Integer> counts) {
    String a = run(old::parse, body, contentType);
    String b = run(fresh::parse, body, contentType);
    if (!a.equals(b)) {
      String key = a.substring(0, Math.min(40, a.length())) + " | " + b.substring(0, Math.min(40, b.length()));
      counts.merge(key, 1, Integer::sum);
      if (mismatches.size() < 30 && !mismatches.containsKey(key)) {
        String doc = new String(body, StandardCharsets.UTF_8);
        mismatches.put(key, "  OLD " + a + "\n  NEW " + b + "\n  DOC " + doc.substring(0, Math.min(Integer.getInteger("diff.docChars", 1500), doc.length())));
      }
    }
    return a;
  }

  interface Parse {
    PoxResponse parse(byte[] body, String contentType) throws Exception;
  }

  static String run(Parse p, byte[] body, String contentType) {
    try {
      return dump(p.parse(body, contentType));
    } catch (Throwable e) {
      return "X " + e.getClass().getName() + ": " + e.getMessage();
    }
  }

  static String dump(PoxResponse r) {
    if (r instanceof PoxResponse.Settings s) {
      MailboxSettings m = s.settings();
      StringBuilder b = new StringBuilder("S user=" + m.user().elements() + " acct=" + m.accountElements()
          + " pf=" + m.publicFolderSmtpAddress() + " xml=" + m.responseXml().length());
      for (ProtocolSettings p : m.protocols()) {
        b.append(" P[" + p.type() + " " + p.elements() + "]");
      }
      for (AlternativeMailbox a : m.alternativeMailboxes()) {
        b.append(" A" + a.elements());
      }
      return b.toString();
    }
    if (r instanceof PoxResponse.Error) {
      return "E" + r;
    }
    return "R" + r;
  }

  static String tree(Random r, int depth) {
    String name = PREFIXES[r.nextInt(PREFIXES.length)] + NAMES[r.nextInt(NAMES.length)];
    if (depth == 0 && r.nextInt(3) > 0) {
      name = r.nextInt(4) == 0 ? "o:Response" : "Response";
    }
    StringBuilder b = new StringBuilder("<").append(name);
    if (depth == 0) {
      b.append(" xmlns=\"").append(r.nextInt(6) == 0 ? O : I).append('"');
    }
    for (int a = r.nextInt(4) == 0 ? r.nextInt(4) : 0; a > 0; a--) {
      String attr = ATTRS[r.nextInt(ATTR_COUNT)];
      if (b.indexOf(" " + attr + "=") < 0) {
        b.append(' ').append(attr).append("=\"").append(VALUES[r.nextInt(VALUES.length)].replace("<", "&lt;"))
            .append('"');
      }
    }
    b.append('>');
    if (depth < 6 && r.nextInt(3) > 0) {
      b.append(children(r, depth + 1, 5));
    } else {
      b.append(VALUES[r.nextInt(VALUES.length)]);
    }
    return b.append("</").append(name).append('>').toString();
  }

  static String children(Random r, int depth, int max) {
    StringBuilder b = new StringBuilder();
    for (int c = r.nextInt(max + 1); c >= 0; c--) {
      int k = r.nextInt(10);
      if (k == 0) {
        b.append(VALUES[r.nextInt(VALUES.length)]);
      } else if (k == 1) {
        b.append("<!-- c -->");
      } else {
        b.append(tree(r, depth));
      }
      if (r.nextInt(3) == 0) {
        b.append("\n  ");
      }
    }
    return b.toString();
  }
}
