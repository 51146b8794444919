package dev.autodiscover.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverAuthenticationException;
import dev.autodiscover.AutodiscoverErrorResponseException;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.AutodiscoverRedirectException;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverTimeoutException;
import dev.autodiscover.Credentials;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.DomainSettingError;
import dev.autodiscover.DomainSettingName;
import dev.autodiscover.DomainSettingsResult;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.SoapResponses;
import dev.autodiscover.testkit.VirtualNetwork;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code resolveDomainSettings} end to end over real HTTPS on the virtual network. */
class DomainSettingsTest {
  private static final Set<DomainSettingName> BOTH = EnumSet.allOf(DomainSettingName.class);
  private static final String EWS = "https://mail.contoso.com/EWS/Exchange.asmx";

  @TempDir Path tmp;
  VirtualNetwork net;
  final CountDownLatch release = new CountDownLatch(1);

  /** The virtual network's client: no settings cache, short budgets. */
  AutodiscoverClient client;
  private final List<AutodiscoverClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    net = VirtualNetwork.start();
    client = AutodiscoverClient.builder()
        .settingsCache(SettingsCache.disabled())
        .proxy(net.proxySelector())
        .sslContext(net.clientSslContext())
        .attemptTimeout(Duration.ofSeconds(3))
        .deadline(Duration.ofSeconds(10))
        .build();
    clients.add(client);
  }

  @AfterEach
  void stop() {
    release.countDown();
    clients.forEach(AutodiscoverClient::close);
    net.close();
  }

  /** A request for jan@contoso.com that only tries https://autodiscover.contoso.com, with short budgets. */
  AutodiscoverRequest request() {
    return client.forEmail("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
  }

  /** Like {@link #request()}, on a client (closed after the test) with the given environment changes. */
  AutodiscoverRequest request(UnaryOperator<AutodiscoverClient.Builder> change) {
    AutodiscoverClient changed = change.apply(client.toBuilder()).build();
    clients.add(changed);
    return changed.forEmail("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
  }

  /** One host answering POX with settings and SOAP from {@code soap}; records what it received. */
  static final class Host extends Dispatcher {
    final Function<RecordedRequest, MockResponse> soap;
    final List<RecordedRequest> soapRequests = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger poxPosts = new AtomicInteger();

    Host(Function<RecordedRequest, MockResponse> soap) {
      this.soap = soap;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getUrl().encodedPath().toLowerCase();
      if (path.endsWith("/autodiscover.xml")) {
        poxPosts.incrementAndGet();
        return PoxResponses.xml(PoxResponses.settingsXml("Jan", "jan@contoso.com", EWS, null));
      }
      if (!path.endsWith("/autodiscover.svc")) {
        return new MockResponse.Builder().code(404).build();
      }
      soapRequests.add(request);
      return soap.apply(request);
    }
  }

  Host serve(String host, Function<RecordedRequest, MockResponse> soap) {
    Host h = new Host(soap);
    net.host(host).respondHttps(h);
    return h;
  }

  static MockResponse settings(RecordedRequest r) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("ExternalEwsUrl", EWS);
    values.put("ExternalEwsVersion", "15.01.2507.006");
    return SoapResponses.xml(SoapResponses.domainResponses(SoapResponses.domainSettings(values, "ExternalMailboxServer")));
  }

  static MockResponse xml(String body) {
    return SoapResponses.xml(body);
  }

  @Test
  void resolveDomainSettings_endpointAnswers_twoSettingsAndOneSettingError_traceIsDiscoveryThenSoap() {
    Host contoso = serve("autodiscover.contoso.com", DomainSettingsTest::settings);

    DomainSettingsResult result = request().resolveDomainSettings(BOTH);

    assertThat(result.domain()).isEqualTo("contoso.com");
    assertThat(result.endpoint()).hasToString("https://autodiscover.contoso.com/autodiscover/autodiscover.svc");
    assertThat(result.settings().externalEwsUrl()).hasValueSatisfying(u -> assertThat(u).hasToString(EWS));
    assertThat(result.settings().externalEwsVersion()).contains("15.01.2507.006");
    assertThat(result.settings().settingErrors()).containsExactly(new DomainSettingError("ExternalMailboxServer",
        "SettingIsNotAvailable", "Domain setting 'ExternalMailboxServer' is not available."));
    assertThat(contoso.poxPosts).hasValue(1);
    assertThat(contoso.soapRequests).hasSize(1);
    byte[] body = contoso.soapRequests.get(0).getBody().toByteArray();
    assertThat(SoapResponses.requestedDomains(body)).containsExactly("contoso.com");
    assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8))
        .contains("<a:Setting>ExternalEwsUrl</a:Setting>").contains("<a:Setting>ExternalEwsVersion</a:Setting>")
        .contains("Autodiscover/GetDomainSettings</wsa:Action>");
    assertThat(contoso.soapRequests.get(0).getHeaders().get("Authorization")).isNull();

    List<Attempt> trace = tried(result.trace().attempts());
    assertThat(trace).extracting(Attempt::outcome).containsExactly(AttemptOutcome.SETTINGS, AttemptOutcome.SETTINGS);
    assertThat(trace.get(0).url()).hasValueSatisfying(u -> assertThat(u.getPath()).endsWith("autodiscover.xml"));
    Attempt soap = trace.get(1);
    assertThat(soap.protocol()).contains(AutodiscoverProtocol.SOAP);
    assertThat(soap.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(soap.httpMethod()).contains("POST");
    assertThat(soap.httpStatus()).hasValue(200);
    assertThat(soap.url()).hasValueSatisfying(u -> assertThat(u).isEqualTo(result.endpoint()));
    assertThat(result.trace().winner()).contains(soap);
  }

  @Test
  void resolveDomainSettings_plainHttpEwsUrl_isNotReturned_butKeptRaw_andNamedInTheTrace() {
    String evil = "http://ews.fabrikam-evil.net/EWS/Exchange.asmx";
    serve("autodiscover.contoso.com", r -> xml(SoapResponses.domainResponses(
        SoapResponses.domainSettings(Map.of("ExternalEwsUrl", evil)))));

    DomainSettingsResult result = request().resolveDomainSettings(BOTH);

    assertThat(result.settings().externalEwsUrl()).isEmpty();
    assertThat(result.settings().raw()).containsEntry("ExternalEwsUrl", evil);
    List<Attempt> trace = tried(result.trace().attempts());
    assertThat(trace).extracting(Attempt::outcome).containsExactly(AttemptOutcome.SETTINGS, AttemptOutcome.SETTINGS);
    assertThat(trace.get(1).detail()).hasValue("SOAP GetDomainSettings for contoso.com; refused settings URLs: "
        + "ExternalEwsUrl (not https)");
  }

  @Test
  void resolveDomainSettings_invalidDomain_isAnErrorResponseNamingTheSoapCode() {
    serve("autodiscover.contoso.com", r -> xml(SoapResponses.domainResponses(
        SoapResponses.domainError("InvalidDomain", "The domain is not served here."))));

    assertThatThrownBy(() -> request().resolveDomainSettings(BOTH))
        .isInstanceOfSatisfying(AutodiscoverErrorResponseException.class, e -> {
          assertThat(e.soapErrorCode()).contains("InvalidDomain");
          assertThat(e.errorCode()).isEqualTo(603);
          assertThat(e.serverMessage()).contains("The domain is not served here.");
          assertThat(e.endpoint()).hasToString("https://autodiscover.contoso.com/autodiscover/autodiscover.svc");
          assertThat(e.getMessage()).contains("InvalidDomain").contains("contoso.com");
          assertThat(tried(e.trace().attempts())).extracting(Attempt::outcome)
              .containsExactly(AttemptOutcome.SETTINGS, AttemptOutcome.ERROR_RESPONSE);
        });
  }

  @Test
  void resolveDomainSettings_requestLevelError_isAnErrorResponseNamingTheSoapCode() {
    serve("autodiscover.contoso.com", r -> xml(SoapResponses.domainResponseError("InvalidRequest", "Bad.")));

    assertThatThrownBy(() -> request().resolveDomainSettings(BOTH))
        .isInstanceOfSatisfying(AutodiscoverErrorResponseException.class, e -> {
          assertThat(e.soapErrorCode()).contains("InvalidRequest");
          assertThat(e.errorCode()).isEqualTo(600);
        });
  }

  @Test
  void resolveDomainSettings_redirectUrlToATrustedHost_isFollowed() {
    Host contoso = serve("autodiscover.contoso.com", r -> xml(SoapResponses.domainResponses(
        SoapResponses.domainRedirectUrl("https://mail.litware.com/autodiscover/autodiscover.svc"))));
    Host litware = serve("mail.litware.com", DomainSettingsTest::settings);

    DomainSettingsResult result = request(b -> b.trustRedirectHosts("mail.litware.com")).resolveDomainSettings(BOTH);

    assertThat(result.endpoint()).hasToString("https://mail.litware.com/autodiscover/autodiscover.svc");
    assertThat(contoso.soapRequests).hasSize(1);
    assertThat(litware.soapRequests).hasSize(1);
    assertThat(SoapResponses.requestedDomains(litware.soapRequests.get(0).getBody().toByteArray()))
        .containsExactly("contoso.com");
    assertThat(tried(result.trace().attempts())).extracting(Attempt::outcome)
        .containsExactly(AttemptOutcome.SETTINGS, AttemptOutcome.REDIRECT_URL, AttemptOutcome.SETTINGS);
  }

  @Test
  void resolveDomainSettings_redirectUrlToAnUntrustedHost_isRefusedWithoutContactingIt() {
    serve("autodiscover.contoso.com", r -> xml(SoapResponses.domainResponses(
        SoapResponses.domainRedirectUrl("https://mail.litware.com/autodiscover/autodiscover.svc"))));
    Host litware = serve("mail.litware.com", DomainSettingsTest::settings);

    assertThatThrownBy(() -> request().resolveDomainSettings(BOTH))
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> {
          assertThat(e.getMessage()).contains("mail.litware.com").contains("refused");
          assertThat(e.trace().attempts()).extracting(Attempt::outcome).endsWith(AttemptOutcome.REDIRECT_URL,
              AttemptOutcome.REJECTED_BY_TRUST_POLICY);
        });
    assertThat(litware.soapRequests).isEmpty();
  }

  @Test
  void resolveDomainSettings_httpRedirectWithinTheDomain_isFollowed() {
    serve("autodiscover.contoso.com", r -> PoxResponses.redirect(302,
        "https://mail.contoso.com/autodiscover/autodiscover.svc"));
    Host mail = serve("mail.contoso.com", DomainSettingsTest::settings);

    DomainSettingsResult result = request().resolveDomainSettings(BOTH);

    assertThat(result.endpoint()).hasToString("https://mail.contoso.com/autodiscover/autodiscover.svc");
    assertThat(mail.soapRequests).hasSize(1);
    assertThat(tried(result.trace().attempts())).extracting(Attempt::outcome)
        .containsExactly(AttemptOutcome.SETTINGS, AttemptOutcome.HTTP_REDIRECT, AttemptOutcome.SETTINGS);
  }

  @Test
  void resolveDomainSettings_redirectBackToAnUrlAlreadyAsked_isALoop() {
    serve("autodiscover.contoso.com", r -> xml(SoapResponses.domainResponses(
        SoapResponses.domainRedirectUrl("https://mail.contoso.com/autodiscover/autodiscover.svc"))));
    serve("mail.contoso.com", r -> xml(SoapResponses.domainResponses(
        SoapResponses.domainRedirectUrl("https://autodiscover.contoso.com/autodiscover/autodiscover.svc"))));

    assertThatThrownBy(() -> request().resolveDomainSettings(BOTH))
        .isInstanceOfSatisfying(AutodiscoverRedirectException.class,
            e -> assertThat(e.reason()).isEqualTo(AutodiscoverRedirectException.Reason.LOOP));
  }

  @Test
  void resolveDomainSettings_moreRedirectsThanTheBudget_failsWithLimitExceeded() {
    AtomicInteger n = new AtomicInteger();
    serve("autodiscover.contoso.com", r -> xml(SoapResponses.domainResponses(SoapResponses.domainRedirectUrl(
        "https://mail.contoso.com/autodiscover/autodiscover.svc"))));
    Host mail = serve("mail.contoso.com", r -> xml(SoapResponses.domainResponses(SoapResponses.domainRedirectUrl(
        "https://mail.contoso.com/n" + n.incrementAndGet() + "/autodiscover/autodiscover.svc"))));

    assertThatThrownBy(() -> request(b -> b.maxRedirects(3)).resolveDomainSettings(BOTH))
        .isInstanceOfSatisfying(AutodiscoverRedirectException.class,
            e -> assertThat(e.reason()).isEqualTo(AutodiscoverRedirectException.Reason.LIMIT_EXCEEDED));
    assertThat(mail.soapRequests).hasSize(3);
  }

  @Test
  void resolveDomainSettings_soapFault_isNotFoundSayingThereIsNoGetDomainSettings() {
    serve("autodiscover.contoso.com", r -> SoapResponses.faultResponse("Client", "The action is not supported."));

    assertThatThrownBy(() -> request().resolveDomainSettings(BOTH))
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> assertThat(e.getMessage())
            .contains("no SOAP GetDomainSettings").contains("The action is not supported."));
  }

  @Test
  void resolveDomainSettings_noSoapService_isNotFound() {
    serve("autodiscover.contoso.com", r -> new MockResponse.Builder().code(404).build());

    assertThatThrownBy(() -> request().resolveDomainSettings(BOTH))
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> {
          assertThat(e.getMessage()).contains("no SOAP GetDomainSettings");
          assertThat(e.trace().attempts().get(e.trace().attempts().size() - 1).httpStatus()).hasValue(404);
        });
  }

  @Test
  void resolveDomainSettings_basicChallenge_answeredWithTheConfiguredCredentials() {
    Host contoso = serve("autodiscover.contoso.com", r -> r.getHeaders().get("Authorization") == null
        ? PoxResponses.unauthorized("Basic realm=\"contoso\"") : settings(r));

    DomainSettingsResult result = request().credentials(Credentials.basic("jan", "secret".toCharArray()))
        .resolveDomainSettings(BOTH);

    assertThat(result.settings().externalEwsUrl()).isPresent();
    assertThat(contoso.soapRequests).hasSize(2);
    assertThat(contoso.soapRequests.get(0).getHeaders().get("Authorization")).isNull();
    assertThat(contoso.soapRequests.get(1).getHeaders().get("Authorization")).startsWith("Basic ");
    Attempt soap = result.trace().attempts().get(result.trace().attempts().size() - 1);
    assertThat(soap.detail()).hasValueSatisfying(d -> assertThat(d).contains("authenticated with Basic")
        .doesNotContain("secret"));
  }

  @Test
  void resolveDomainSettings_basicChallengeWithoutCredentials_isAnAuthenticationFailure() {
    serve("autodiscover.contoso.com", r -> PoxResponses.unauthorized("Basic realm=\"contoso\""));

    assertThatThrownBy(() -> request().resolveDomainSettings(BOTH))
        .isInstanceOfSatisfying(AutodiscoverAuthenticationException.class,
            e -> assertThat(e.schemesOffered()).containsExactly("Basic"));
  }

  @Test
  void resolveDomainSettings_endpointIsALocalFile_isNotFoundSayingAFileHasNoSoapService() throws Exception {
    Path file = tmp.resolve("contoso.xml");
    Files.writeString(file, PoxResponses.settingsXml("Jan", "jan@contoso.com", EWS, null));

    assertThatThrownBy(() -> request(b -> b.localXml("contoso.com", file)).only(DiscoveryMethod.LOCAL_XML)
        .resolveDomainSettings(BOTH))
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> {
          assertThat(e.getMessage()).contains("local file has no SOAP service");
          assertThat(tried(e.trace().attempts())).extracting(Attempt::method)
              .containsExactly(DiscoveryMethod.LOCAL_XML);
        });
  }

  @Test
  void resolveDomainSettings_slowSoapAnswer_stoppedByTheRequestDeadline() {
    CountDownLatch arrived = new CountDownLatch(1);
    serve("autodiscover.contoso.com", r -> {
      arrived.countDown();
      await(release);
      return settings(r);
    });

    assertThatThrownBy(() -> request().deadline(Duration.ofMillis(800)).resolveDomainSettings(BOTH))
        .isInstanceOf(AutodiscoverTimeoutException.class);
    assertThat(arrived.getCount()).isZero();
  }

  @Test
  void resolveDomainSettingsAsync_cancelledWhileTheSoapRequestIsInFlight_completesAsCancelled() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    serve("autodiscover.contoso.com", r -> {
      arrived.countDown();
      await(release);
      return settings(r);
    });

    CompletableFuture<DomainSettingsResult> future = request().resolveDomainSettingsAsync(BOTH);
    assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();
    future.cancel(true);

    assertThat(future).isCancelled();
    assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
  }

  /** The attempts that did something (methods left out by {@code only(...)} show as EXCLUDED). */
  private static List<Attempt> tried(List<Attempt> attempts) {
    return attempts.stream().filter(a -> a.outcome() != AttemptOutcome.EXCLUDED).toList();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
