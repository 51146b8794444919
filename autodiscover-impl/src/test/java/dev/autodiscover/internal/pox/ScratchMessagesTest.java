package dev.autodiscover.internal.pox;

import org.junit.jupiter.api.Test;

class ScratchMessagesTest {
  @Test
  void print() {
    PoxCodec codec = PoxCodec.create();
    String[] bodies = {
      PoxTestSupport.account("<Action>settings</Action><Protocol>"),
      "{\"a\":1}",
      PoxTestSupport.account("<Action>settings</Action>") + "<x/>",
      PoxTestSupport.account("<Action>settings</Action><a>" + "<a>".repeat(100)),
      PoxTestSupport.account("<Action a='1' a='2'>settings</Action>"),
      "<!-- c -->",
    };
    for (String b : bodies) {
      try {
        codec.parse(PoxTestSupport.utf8(b), "text/xml");
        System.out.println("MSG: accepted?!");
      } catch (NotAutodiscoverException e) {
        System.out.println("MSG: " + e.getMessage());
      }
    }
  }
}
