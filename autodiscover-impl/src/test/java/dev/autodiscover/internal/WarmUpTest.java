package dev.autodiscover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.internal.pox.PoxCodec;
import dev.autodiscover.internal.pox.PoxResponse;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.VirtualNetwork;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** {@code AutodiscoverClient.warmUp()}: prepares without sending anything, once per client. */
class WarmUpTest {
  @Test
  void sampleAnswer_isAnAnswerThePoxCodecParsesToSettings() throws Exception {
    PoxResponse parsed = PoxCodec.create().parse(WarmUp.sampleAnswer(), "text/xml; charset=utf-8");

    assertThat(parsed).isInstanceOf(PoxResponse.Settings.class);
    assertThat(((PoxResponse.Settings) parsed).settings().ewsUrl().map(u -> u.uri().toString()))
        .hasValue("https://mail.example.com/EWS/Exchange.asmx");
  }

  @Test
  void warmUp_sendsNothing_thenTheFirstLookupGoesOutAsUsual() throws Exception {
    try (VirtualNetwork network = VirtualNetwork.start()) {
      String answer = PoxResponses.settingsXml("Jan Novak", "jan@contoso.com",
          "https://mail.contoso.com/EWS/Exchange.asmx", null);
      network.host("autodiscover.contoso.com").respondHttps(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          return PoxResponses.xml(answer);
        }
      });
      try (AutodiscoverClient client = AutodiscoverClient.builder().proxy(network.proxySelector())
          .sslContext(network.clientSslContext()).settingsCache(SettingsCache.disabled()).build()) {

        client.warmUp().get(30, TimeUnit.SECONDS);
        List<String> afterWarmUp = network.routed();
        String ews = client.forEmail("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve()
            .ewsUrl().orElseThrow().uri().toString();

        assertThat(afterWarmUp).isEmpty();
        assertThat(network.routed()).containsExactly("CONNECT autodiscover.contoso.com:443");
        assertThat(ews).isEqualTo("https://mail.contoso.com/EWS/Exchange.asmx");
      }
    }
  }

  @Test
  void warmUp_returnsOneFuturePerClient_andRefusesAClosedClient() throws Exception {
    AutodiscoverClient client = AutodiscoverClient.builder().settingsCache(SettingsCache.disabled()).build();
    CompletableFuture<Void> first = client.warmUp();

    assertThat(client.warmUp()).isSameAs(first);
    first.get(30, TimeUnit.SECONDS);
    client.close();
    assertThatThrownBy(client::warmUp).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
