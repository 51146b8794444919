package dev.autodiscover.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import dev.autodiscover.AttemptTrace;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.MailboxSettings;
import dev.autodiscover.MailboxUser;
import dev.autodiscover.internal.http.HttpClients;
import dev.autodiscover.internal.soap.SoapCodec;
import dev.autodiscover.BatchItem;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.access.ApiAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Batch discovery when single discovery (a stub here) reports the domain's endpoint in each protocol. */
class BatchDomainEndpointTest extends BatchTestSupport {
  /** Single discovery replaced by a stub that reports {@code endpoint} as the domain's answering URL. */
  private List<BatchItem> batchWithEndpoint(String endpoint, AutodiscoverProtocol protocol, List<String> inputs) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    HttpClients http = new HttpClients(net.proxySelector(), net.clientSslContext(), Duration.ofSeconds(3), scheduler);
    try {
      ApiAccess api = ApiAccess.get();
      BatchEngine engine = new BatchEngine((request, env, transport) -> CompletableFuture.completedFuture(api.result(
          request.address(), request.address(), api.mailboxSettings(api.mailboxUser(Map.of()), Map.of(), List.of(),
              List.of(), null, ""), URI.create(endpoint), DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN,
          AttemptTrace.of(List.of()), Duration.ZERO, protocol)), SoapCodec.create(), http, scheduler,
          scheduler);
      return engine.resolve(batch(inputs)).join();
    } finally {
      http.close();
      scheduler.shutdownNow();
    }
  }

  @ParameterizedTest
  @CsvSource({
      "https://autodiscover.contoso.com/autodiscover/autodiscover.svc, SOAP",
      "https://autodiscover.contoso.com/autodiscover/autodiscover.xml, POX",
      "https://autodiscover.contoso.com/autodiscover/autodiscover.json/v1.0/a@contoso.com?Protocol=EWS, JSON_V2"})
  void resolve_domainEndpointInAnyProtocol_postsGetUserSettingsToTheSvcUrlOnThatHost(String endpoint,
      AutodiscoverProtocol protocol) {
    Server contoso = serve("contoso.com", BatchDiscoveryTest::ok);

    List<BatchItem> items = batchWithEndpoint(endpoint, protocol, List.of("a@contoso.com", "b@contoso.com"));

    assertThat(items).allMatch(BatchItem::isSuccess);
    assertThat(contoso.chunkSizes).containsExactly(2);
    assertThat(contoso.poxPosts).hasValue(0);
    assertThat(items.get(0).endpoint()).hasValueSatisfying(u -> assertThat(u)
        .hasToString("https://autodiscover.contoso.com/autodiscover/autodiscover.svc"));
  }

  @Test
  void resolve_domainEndpointIsALocalFile_fallsBackToPoxPerUser() {
    Server contoso = serve("contoso.com", BatchDiscoveryTest::ok);

    List<BatchItem> items = batchWithEndpoint("file:///etc/autodiscover/contoso.xml", AutodiscoverProtocol.POX,
        List.of("a@contoso.com"));

    assertThat(contoso.soapPosts).hasValue(0);
    // no SOAP service behind a file: the user is asked for one by one (the stub answers with the file again)
    assertThat(items.get(0).isSuccess()).isTrue();
    assertThat(items.get(0).endpoint()).hasValueSatisfying(u -> assertThat(u.getScheme()).isEqualTo("file"));
  }
}
