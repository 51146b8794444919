package dev.autodiscover.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSession;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class VirtualHostGroupTest {
  private VirtualNetwork net;
  private HttpClient client;

  @BeforeEach
  void setUp() {
    net = VirtualNetwork.start();
    client = HttpClient.newBuilder()
        .proxy(net.proxySelector())
        .sslContext(net.clientSslContext())
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  @AfterEach
  void tearDown() {
    net.close();
  }

  @Test
  void https_whenNamesMatch_eachGetsItsOwnValidCertificateFromTheSharedServer() throws Exception {
    VirtualHostGroup farm = net.hostGroup("autodiscover\\.farm-\\d+\\.com").respondHttps(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).body("host " + request.getHeaders().get("Host")).build();
      }
    });

    List<String> bodies = new ArrayList<>();
    List<String> subjects = new ArrayList<>();
    for (String host : List.of("autodiscover.farm-1.com", "autodiscover.farm-22.com", "autodiscover.farm-1.com")) {
      HttpResponse<String> r = send("https://" + host + "/autodiscover/autodiscover.xml");
      bodies.add(r.body());
      SSLSession session = r.sslSession().orElseThrow();
      subjects.add(((java.security.cert.X509Certificate) session.getPeerCertificates()[0])
          .getSubjectX500Principal().getName());
    }

    assertThat(bodies).containsExactly("host autodiscover.farm-1.com", "host autodiscover.farm-22.com",
        "host autodiscover.farm-1.com");
    assertThat(subjects).containsExactly("CN=autodiscover.farm-1.com", "CN=autodiscover.farm-22.com",
        "CN=autodiscover.farm-1.com");
    assertThat(farm.namesSeen()).isEqualTo(2);
    assertThat(farm.https().getRequestCount()).isEqualTo(3);
  }

  @Test
  void https_whenNameDoesNotMatch_isAnUnknownHost() {
    net.hostGroup("autodiscover\\.farm-\\d+\\.com");

    assertThatThrownBy(() -> send("https://autodiscover.farm-x.com/"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("502");
    assertThat(net.routed()).containsExactly("CONNECT autodiscover.farm-x.com:443");
  }

  @Test
  void https_whenHostRegisteredToo_theHostTakesPrecedence() throws Exception {
    net.hostGroup("autodiscover\\..*").respondHttps(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).body("group").build();
      }
    });
    net.host("autodiscover.contoso.com").https().enqueue(new MockResponse.Builder().code(200).body("host").build());

    assertThat(send("https://autodiscover.contoso.com/").body()).isEqualTo("host");
    assertThat(send("https://autodiscover.fabrikam.com/").body()).isEqualTo("group");
  }

  private HttpResponse<String> send(String url) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        BodyHandlers.ofString());
  }
}
