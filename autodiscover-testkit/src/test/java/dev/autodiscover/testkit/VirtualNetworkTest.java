package dev.autodiscover.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class VirtualNetworkTest {
  private static final String CONTOSO = "autodiscover.contoso.com";
  private static final String FABRIKAM = "autodiscover.fabrikam.com";

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
  void https_whenHostRegistered_reachesItsServerWithSniAndPath() throws Exception {
    net.host(CONTOSO).https().enqueue(PoxResponses.xml("<ok/>"));

    HttpResponse<String> response = send(get("https://" + CONTOSO + "/autodiscover/autodiscover.xml?x=1"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("<ok/>");
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/xml; charset=utf-8");
    RecordedRequest recorded = take(net.host(CONTOSO).https());
    assertThat(recorded.getTarget()).isEqualTo("/autodiscover/autodiscover.xml?x=1");
    assertThat(recorded.getHeaders().get("Host")).isEqualTo(CONTOSO);
    assertThat(recorded.getHandshakeServerNames()).containsExactly(CONTOSO);
    assertThat(recorded.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void https_whenTwoHosts_eachGetsOwnServer() throws Exception {
    net.host(CONTOSO).https().enqueue(PoxResponses.xml("contoso"));
    net.host(FABRIKAM).https().enqueue(PoxResponses.xml("fabrikam"));

    assertThat(send(get("https://" + FABRIKAM + "/a")).body()).isEqualTo("fabrikam");
    assertThat(send(get("https://" + CONTOSO + "/b")).body()).isEqualTo("contoso");

    assertThat(take(net.host(CONTOSO).https()).getTarget()).isEqualTo("/b");
    assertThat(take(net.host(FABRIKAM).https()).getTarget()).isEqualTo("/a");
    assertThat(net.host(CONTOSO).https().getRequestCount()).isEqualTo(1);
    assertThat(net.host(FABRIKAM).https().getRequestCount()).isEqualTo(1);
  }

  @Test
  void https_whenPostWithBody_forwardsBodyAndKeepsTunnelForNextRequest() throws Exception {
    VirtualHost host = net.host(CONTOSO).respondHttps(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return PoxResponses.xml(request.getBody().utf8());
      }
    });
    HttpRequest post = HttpRequest.newBuilder(URI.create("https://" + CONTOSO + "/autodiscover/autodiscover.xml"))
        .POST(BodyPublishers.ofString("<Autodiscover/>")).build();

    assertThat(send(post).body()).isEqualTo("<Autodiscover/>");
    assertThat(send(post).body()).isEqualTo("<Autodiscover/>");

    assertThat(take(host.https()).getConnectionIndex()).isZero();
    assertThat(take(host.https()).getConnectionIndex()).isZero();
  }

  @Test
  void http_whenHostRegistered_reachesHttpServerAndReturnsRedirectIntact() throws Exception {
    String location = "https://" + CONTOSO + "/Autodiscover/Autodiscover.xml";
    net.host(CONTOSO).http().enqueue(PoxResponses.redirect(302, location));

    HttpResponse<String> response = send(get("http://" + CONTOSO + "/autodiscover/autodiscover.xml"));

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location")).hasValue(location);
    assertThat(response.headers().firstValue("Connection")).hasValue("close");
    RecordedRequest recorded = take(net.host(CONTOSO).http());
    assertThat(recorded.getRequestLine()).isEqualTo("GET /autodiscover/autodiscover.xml HTTP/1.1");
    assertThat(recorded.getHeaders().get("Host")).isEqualTo(CONTOSO);
    assertThat(recorded.getHeaders().values("Connection")).containsExactly("close");
    assertThat(recorded.getHeaders().get("Upgrade")).isNull();
    assertThat(recorded.getHeaders().get("Proxy-Connection")).isNull();
    assertThat(net.host(CONTOSO).https().getRequestCount()).isZero();
  }

  @Test
  void http_whenTwoHostsInARow_eachGetsOwnServer() throws Exception {
    net.host(CONTOSO).http().enqueue(PoxResponses.xml("contoso"));
    net.host(FABRIKAM).http().enqueue(PoxResponses.xml("fabrikam"));

    assertThat(send(get("http://" + CONTOSO + "/")).body()).isEqualTo("contoso");
    assertThat(send(get("http://" + FABRIKAM + "/")).body()).isEqualTo("fabrikam");
  }

  @Test
  void http_whenChunkedRequestAndResponse_forwardsBothBodies() throws Exception {
    net.host(CONTOSO).http().enqueue(new MockResponse.Builder().chunkedBody("chunked answer body", 4).build());
    byte[] payload = "<Autodiscover>streamed</Autodiscover>".getBytes(StandardCharsets.UTF_8);
    HttpRequest post = HttpRequest.newBuilder(URI.create("http://" + CONTOSO + "/autodiscover/autodiscover.xml"))
        .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(payload))).build();

    HttpResponse<String> response = send(post);

    assertThat(response.body()).isEqualTo("chunked answer body");
    RecordedRequest recorded = take(net.host(CONTOSO).http());
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getBody().toByteArray()).isEqualTo(payload);
  }

  @Test
  void https_whenIntermediateMissing_failsPkixPathBuilding() {
    net.host(CONTOSO, TlsMode.MISSING_INTERMEDIATE);

    assertThatThrownBy(() -> send(get("https://" + CONTOSO + "/")))
        .isInstanceOf(SSLHandshakeException.class)
        .hasStackTraceContaining("PKIX path building failed");
  }

  @Test
  void https_whenCertificateNamesOtherHost_failsHostnameVerification() {
    net.host(CONTOSO, TlsMode.NAME_MISMATCH);

    assertThatThrownBy(() -> send(get("https://" + CONTOSO + "/")))
        .isInstanceOf(SSLHandshakeException.class)
        .hasStackTraceContaining("No subject alternative DNS name matching " + CONTOSO);
  }

  @Test
  void https_whenHostServesAnotherPort_onlyThatPortReachesIt() throws Exception {
    net.host(CONTOSO).httpsPort(8443).https().enqueue(PoxResponses.xml("on 8443"));

    assertThatThrownBy(() -> send(get("https://" + CONTOSO + "/x")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("502");
    assertThat(send(get("https://" + CONTOSO + ":8443/y")).body()).isEqualTo("on 8443");
    assertThat(take(net.host(CONTOSO).https()).getTarget()).isEqualTo("/y");
  }

  @Test
  void https_whenHostUnknown_throwsIOException() {
    assertThatThrownBy(() -> send(get("https://autodiscover.nowhere.example/")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("502");
  }

  @Test
  void http_whenHostUnknown_answersBadGatewayNamingHost() throws Exception {
    HttpResponse<String> response = send(get("http://autodiscover.nowhere.example/"));

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("nothing answers at autodiscover.nowhere.example:80");
  }

  @Test
  void https_whenBlackholed_clientTimeoutFires() {
    net.blackhole(CONTOSO);
    HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + CONTOSO + "/"))
        .timeout(Duration.ofMillis(300)).build();

    long start = System.nanoTime();
    assertThatThrownBy(() -> send(request)).isInstanceOf(HttpTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void routed_listsEveryConnectionInOrderWhateverItsRoute() throws Exception {
    net.host(CONTOSO).https().enqueue(PoxResponses.xml("<ok/>"));
    net.blackhole(FABRIKAM);
    HttpRequest toBlackhole = HttpRequest.newBuilder(URI.create("https://" + FABRIKAM + ":8443/"))
        .timeout(Duration.ofMillis(300)).build();

    send(get("https://" + CONTOSO + "/"));
    assertThatThrownBy(() -> send(toBlackhole)).isInstanceOf(HttpTimeoutException.class);
    send(get("http://autodiscover.nowhere.example/"));

    assertThat(net.routed()).containsExactly("CONNECT " + CONTOSO + ":443", "CONNECT " + FABRIKAM + ":8443",
        "HTTP autodiscover.nowhere.example:80");
  }

  @Test
  void http_whenBlackholedHostAlsoRegistered_blackholeWinsAndServerSeesNothing() {
    VirtualHost host = net.host(CONTOSO);
    net.blackhole(CONTOSO);
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + CONTOSO + "/"))
        .timeout(Duration.ofMillis(300)).build();

    assertThatThrownBy(() -> send(request)).isInstanceOf(HttpTimeoutException.class);
    assertThat(host.http().getRequestCount()).isZero();
  }

  @Test
  void host_whenCalledTwice_returnsSameHostAndRejectsOtherMode() {
    VirtualHost host = net.host("AutoDiscover.Contoso.COM");

    assertThat(net.host(CONTOSO)).isSameAs(host);
    assertThat(host.name()).isEqualTo(CONTOSO);
    assertThat(host.tlsMode()).isEqualTo(TlsMode.VALID);
    assertThatThrownBy(() -> net.host(CONTOSO, TlsMode.NAME_MISMATCH)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> net.host("contoso.com:443")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> net.blackhole("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void proxySelector_sendsHttpAndHttpsToProxyOnly() {
    assertThat(net.proxySelector().select(URI.create("https://" + CONTOSO + "/")))
        .containsExactly(new Proxy(Proxy.Type.HTTP, net.proxyAddress()));
    assertThat(net.proxySelector().select(URI.create("http://" + CONTOSO + "/")))
        .containsExactly(new Proxy(Proxy.Type.HTTP, net.proxyAddress()));
    assertThat(net.proxySelector().select(URI.create("socket://" + CONTOSO + ":25")))
        .containsExactly(Proxy.NO_PROXY);
    assertThat(net.proxyAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void rootCertificatePem_isPemOfTheOnlyTrustAnchor() {
    assertThat(net.rootCertificatePem())
        .startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----\n");
    assertThat(net.rootCertificate().getBasicConstraints()).isEqualTo(1);
  }

  @Test
  void httpsServer_whenReachedDirectlyThroughTestHosts_verifiesHostname() throws Exception {
    VirtualHost host = net.host(CONTOSO);
    host.https().enqueue(PoxResponses.xml("direct"));
    HttpClient direct = HttpClient.newBuilder().sslContext(net.clientSslContext()).build();
    URI uri = URI.create("https://" + CONTOSO + ":" + host.https().getPort() + "/direct");

    assertThat(direct.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString()).body())
        .isEqualTo("direct");
  }

  @Test
  void close_isIdempotentAndEndsHeldConnections() throws Exception {
    net.blackhole(CONTOSO);
    VirtualHost fabrikam = net.host(FABRIKAM);
    fabrikam.https().enqueue(PoxResponses.xml("ok"));
    send(get("https://" + FABRIKAM + "/"));
    var pending = client.sendAsync(get("https://" + CONTOSO + "/"), BodyHandlers.ofString());

    net.close();

    assertThatCode(net::close).doesNotThrowAnyException();
    assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
    assertThatThrownBy(() -> net.host(CONTOSO)).isInstanceOf(IllegalStateException.class);
    assertThat(take(fabrikam.https()).getTarget()).isEqualTo("/"); // still inspectable after close
    assertThatThrownBy(fabrikam::http).isInstanceOf(IllegalStateException.class); // never started
  }

  private static HttpRequest get(String uri) {
    return HttpRequest.newBuilder(URI.create(uri)).build();
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, BodyHandlers.ofString());
  }

  private static RecordedRequest take(mockwebserver3.MockWebServer server) throws InterruptedException {
    RecordedRequest request = server.takeRequest(2, TimeUnit.SECONDS);
    assertThat(request).as("request recorded by " + server).isNotNull();
    return request;
  }
}
