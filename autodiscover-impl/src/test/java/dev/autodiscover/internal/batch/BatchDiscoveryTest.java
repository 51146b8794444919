package dev.autodiscover.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import dev.autodiscover.Attempt;
import dev.autodiscover.Credentials;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverErrorResponseException;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.BatchItem;
import dev.autodiscover.BatchProgress;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.InvalidEmailAddressException;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.SoapResponses;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Batch discovery end to end over real HTTPS on the virtual network. */
class BatchDiscoveryTest extends BatchTestSupport {
  @Test
  void resolve_twoDomainsOneChunked_oneDomainDiscoveryEach_chunksOfAtMostChunkSize_inputOrder() {
    Server contoso = serve("contoso.com", BatchDiscoveryTest::ok);
    Server fabrikam = serve("fabrikam.com", BatchDiscoveryTest::ok);
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      inputs.add("user" + i + "@contoso.com");
      if (i % 100 == 0) {
        inputs.add("user" + i + "@fabrikam.com");
      }
    }
    inputs.add(7, "not an address");
    List<BatchProgress> progress = Collections.synchronizedList(new ArrayList<>());

    List<BatchItem> items = batch(inputs).chunkSize(100).progressListener(progress::add).resolve();

    assertThat(items).extracting(BatchItem::input).containsExactlyElementsOf(inputs);
    assertThat(contoso.poxPosts).hasValue(1);
    assertThat(fabrikam.poxPosts).hasValue(1);
    assertThat(contoso.soapPosts).hasValue(3);
    assertThat(contoso.chunkSizes).containsExactlyInAnyOrder(100, 100, 50);
    assertThat(fabrikam.chunkSizes).containsExactly(3);

    BatchItem invalid = items.get(7);
    assertThat(invalid.isSuccess()).isFalse();
    assertThat(invalid.address()).isEmpty();
    assertThat(invalid.failure()).containsInstanceOf(InvalidEmailAddressException.class);

    BatchItem jan = items.get(inputs.indexOf("user42@contoso.com"));
    assertThat(jan.isSuccess()).isTrue();
    assertThat(jan.userSettings().orElseThrow().userDisplayName()).contains("SOAP user42@contoso.com");
    assertThat(jan.ewsUrl())
        .hasValueSatisfying(u -> assertThat(u.uri()).hasToString("https://mail.contoso.com/EWS/Exchange.asmx"));
    assertThat(jan.endpoint()).hasValueSatisfying(u -> assertThat(u)
        .hasToString("https://autodiscover.contoso.com/autodiscover/autodiscover.svc"));
    List<Attempt> trace = jan.trace().attempts();
    assertThat(trace).anySatisfy(a -> {
      assertThat(a.outcome()).isEqualTo(AttemptOutcome.SETTINGS);
      assertThat(a.url()).hasValueSatisfying(u -> assertThat(u.getPath()).isEqualTo("/autodiscover/autodiscover.xml"));
    });
    Attempt last = trace.get(trace.size() - 1);
    assertThat(last.outcome()).isEqualTo(AttemptOutcome.SETTINGS);
    assertThat(last.httpMethod()).contains("POST");
    assertThat(last.url()).hasValueSatisfying(u -> assertThat(u.getPath()).isEqualTo("/autodiscover/autodiscover.svc"));
    assertThat(last.address()).hasValueSatisfying(a -> assertThat(a).hasToString("user42@contoso.com"));
    assertThat(items.stream().filter(BatchItem::isSuccess)).hasSize(inputs.size() - 1);

    assertThat(progress).hasSize(inputs.size());
    for (int i = 0; i < progress.size(); i++) {
      assertThat(progress.get(i).done()).isEqualTo(i + 1);
      assertThat(progress.get(i).total()).isEqualTo(inputs.size());
    }
    assertThat(progress.get(progress.size() - 1)).isEqualTo(new BatchProgress(inputs.size(), inputs.size(),
        inputs.size() - 1, 1));
  }

  @Test
  void resolve_perUserRedirectsAndErrors_followedUnderTheTrustPolicy() {
    Map<String, String> answers = Map.of(
        "ok@contoso.com", ok("ok@contoso.com"),
        "moved@contoso.com", SoapResponses.redirectAddress("moved@fabrikam.com"),
        "elsewhere@contoso.com", SoapResponses.redirectUrl("https://mail.contoso.com/autodiscover/autodiscover.svc"),
        "evil@contoso.com", SoapResponses.redirectUrl("https://autodiscover.evil.example/autodiscover/autodiscover.svc"),
        "gone@contoso.com", SoapResponses.userError("InvalidUser", "The user wasn't found."));
    Server contoso = serve("contoso.com", answers::get);
    Server fabrikam = serve("fabrikam.com", BatchDiscoveryTest::ok);
    Server mail = new Server("contoso.com", BatchDiscoveryTest::ok);
    net.host("mail.contoso.com").respondHttps(mail);
    Server evil = new Server("evil.example", BatchDiscoveryTest::ok);
    net.host("autodiscover.evil.example").respondHttps(evil);
    List<String> inputs = List.of("ok@contoso.com", "moved@contoso.com", "elsewhere@contoso.com", "evil@contoso.com",
        "gone@contoso.com");

    List<BatchItem> items = batch(inputs).resolve();

    assertThat(items).extracting(BatchItem::isSuccess).containsExactly(true, true, true, false, false);
    BatchItem moved = items.get(1);
    assertThat(moved.endpoint()).hasValueSatisfying(u -> assertThat(u)
        .hasToString("https://autodiscover.fabrikam.com/autodiscover/autodiscover.xml"));
    assertThat(moved.userSettings().orElseThrow().userDisplayName()).contains("POX moved@fabrikam.com");
    assertThat(moved.ewsUrl())
        .hasValueSatisfying(u -> assertThat(u.uri()).hasToString("https://mail.fabrikam.com/EWS/Exchange.asmx"));
    assertThat(moved.trace().attempts()).extracting(Attempt::outcome)
        .containsSubsequence(AttemptOutcome.SETTINGS, AttemptOutcome.REDIRECT_ADDRESS, AttemptOutcome.SETTINGS);
    assertThat(moved.trace().winner()).hasValueSatisfying(a -> assertThat(a.address())
        .hasValueSatisfying(x -> assertThat(x).hasToString("moved@fabrikam.com")));
    assertThat(fabrikam.poxPosts).hasValue(1);

    BatchItem elsewhere = items.get(2);
    assertThat(elsewhere.endpoint()).hasValueSatisfying(u -> assertThat(u)
        .hasToString("https://mail.contoso.com/autodiscover/autodiscover.svc"));
    assertThat(elsewhere.trace().attempts()).extracting(Attempt::outcome)
        .containsSubsequence(AttemptOutcome.REDIRECT_URL, AttemptOutcome.SETTINGS);
    assertThat(mail.chunkSizes).containsExactly(1);

    BatchItem rejected = items.get(3);
    assertThat(rejected.failure()).containsInstanceOf(AutodiscoverNotFoundException.class);
    assertThat(rejected.failure().orElseThrow().getMessage()).contains("autodiscover.evil.example");
    assertThat(rejected.trace().attempts()).extracting(Attempt::outcome)
        .endsWith(AttemptOutcome.REJECTED_BY_TRUST_POLICY);
    assertThat(evil.soapPosts).hasValue(0);
    assertThat(evil.poxPosts).hasValue(0);

    BatchItem gone = items.get(4);
    assertThat(gone.failure()).containsInstanceOf(AutodiscoverErrorResponseException.class);
    AutodiscoverErrorResponseException error = (AutodiscoverErrorResponseException) gone.failure().orElseThrow();
    assertThat(error.getMessage()).contains("InvalidUser");
    assertThat(error.errorCode()).isEqualTo(500);
    assertThat(error.soapErrorCode()).contains("InvalidUser");
    assertThat(gone.trace().attempts()).extracting(Attempt::outcome).endsWith(AttemptOutcome.ERROR_RESPONSE);
    assertThat(contoso.soapPosts).hasValue(1);
  }

  @Test
  void resolve_serverBusyOnce_retriesTheChunkOnceAndSucceeds() {
    Server contoso = serve("contoso.com", BatchDiscoveryTest::ok);
    contoso.soapOverride = n -> n == 1 ? SoapResponses.xml(SoapResponses.responseError("ServerBusy", "Try later.")) : null;

    List<BatchItem> items = batch(List.of("a@contoso.com", "b@contoso.com")).resolve();

    assertThat(items).allMatch(BatchItem::isSuccess);
    assertThat(contoso.soapPosts).hasValue(2);
    assertThat(items.get(0).trace().attempts()).extracting(Attempt::outcome)
        .endsWith(AttemptOutcome.ERROR_RESPONSE, AttemptOutcome.SETTINGS);
  }

  @Test
  void resolve_serverBusyTwice_failsTheChunksUsersNamingTheErrorCode() {
    Server contoso = serve("contoso.com", BatchDiscoveryTest::ok);
    contoso.soapOverride = n -> SoapResponses.xml(SoapResponses.responseError("ServerBusy", "Try later."));

    List<BatchItem> items = batch(List.of("a@contoso.com", "b@contoso.com")).resolve();

    assertThat(contoso.soapPosts).hasValue(2);
    assertThat(items).noneMatch(BatchItem::isSuccess);
    assertThat(items.get(1).failure()).hasValueSatisfying(f -> {
      assertThat(f).isInstanceOf(AutodiscoverErrorResponseException.class);
      assertThat(f.getMessage()).contains("ServerBusy");
      assertThat(((AutodiscoverErrorResponseException) f).soapErrorCode()).contains("ServerBusy");
      assertThat(((AutodiscoverErrorResponseException) f).errorCode()).isEqualTo(603);
    });
    assertThat(items.get(1).trace().attempts()).extracting(Attempt::outcome)
        .endsWith(AttemptOutcome.ERROR_RESPONSE, AttemptOutcome.ERROR_RESPONSE);
  }

  @Test
  void resolve_endpointWithoutSoap_fallsBackToPoxPerUserStartingAtTheKnownEndpoint() {
    Server contoso = serve("contoso.com", BatchDiscoveryTest::ok);
    contoso.soapOverride = n -> new MockResponse.Builder().code(404).build();

    List<BatchItem> items = batch(List.of("a@contoso.com", "b@contoso.com", "c@contoso.com")).resolve();

    assertThat(items).allMatch(BatchItem::isSuccess);
    assertThat(contoso.soapPosts).hasValue(1);
    assertThat(contoso.poxPosts).hasValue(4); // the domain discovery, then one per user
    BatchItem b = items.get(1);
    assertThat(b.userSettings().orElseThrow().userDisplayName()).contains("POX b@contoso.com");
    assertThat(b.endpoint()).hasValueSatisfying(u -> assertThat(u.getPath()).isEqualTo("/autodiscover/autodiscover.xml"));
    List<Attempt> trace = b.trace().attempts();
    assertThat(trace).anySatisfy(a -> {
      assertThat(a.outcome()).isEqualTo(AttemptOutcome.NOT_FOUND);
      assertThat(a.httpStatus()).hasValue(404);
      assertThat(a.detail()).hasValueSatisfying(d -> assertThat(d).contains("falling back to POX"));
    });
    assertThat(trace).anySatisfy(a -> {
      assertThat(a.method()).isEqualTo(DiscoveryMethod.LAST_KNOWN_GOOD);
      assertThat(a.outcome()).isEqualTo(AttemptOutcome.SETTINGS);
      assertThat(a.address()).hasValueSatisfying(x -> assertThat(x).hasToString("b@contoso.com"));
    });
  }

  @Test
  void resolve_manyChunks_neverMoreRequestsInFlightThanConcurrency() {
    Server contoso = serve("contoso.com", BatchDiscoveryTest::ok);
    contoso.overlap = new CountDownLatch(3);
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      inputs.add("u" + i + "@contoso.com");
    }

    List<BatchItem> items = batch(inputs).chunkSize(2).concurrency(3).resolve();

    assertThat(items).allMatch(BatchItem::isSuccess);
    assertThat(contoso.soapPosts).hasValue(10);
    assertThat(contoso.maxInFlight).hasValue(3);
  }

  @Test
  void resolve_throttledAnswerWithFewerUsers_asksAgainForTheRest() {
    Server contoso = serve("contoso.com", BatchDiscoveryTest::ok);
    contoso.soapOverride = n -> n == 1
        ? SoapResponses.xml(SoapResponses.userResponses(ok("a@contoso.com"))) : null;

    List<BatchItem> items = batch(List.of("a@contoso.com", "b@contoso.com", "c@contoso.com")).resolve();

    assertThat(items).allMatch(BatchItem::isSuccess);
    assertThat(contoso.chunkSizes).containsExactly(3, 2);
  }

  @Test
  void resolve_validatorApprovedHostThatChallengesWithBasic_soapAnswersTheChallenge_validatorAskedOncePerDomain() {
    String hosted = "https://autodiscover.litware.com/autodiscover/autodiscover.xml";
    net.host("autodiscover.contoso.com").respondHttps(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return PoxResponses.xml(PoxResponses.redirectUrlXml(hosted));
      }
    });
    AtomicInteger soapWithAuth = new AtomicInteger();
    AtomicInteger poxPosts = new AtomicInteger();
    net.host("autodiscover.litware.com").respondHttps(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String auth = request.getHeaders().get("Authorization");
        if (auth == null || !auth.startsWith("Basic ")) {
          return PoxResponses.unauthorized("Basic realm=\"litware\"");
        }
        if (request.getUrl().encodedPath().toLowerCase().endsWith("/autodiscover.svc")) {
          soapWithAuth.incrementAndGet();
          List<String> users = SoapResponses.requestedMailboxes(request.getBody().toByteArray());
          return SoapResponses.xml(SoapResponses.userResponses(users.stream().map(BatchDiscoveryTest::ok).toList()));
        }
        poxPosts.incrementAndGet();
        return PoxResponses.xml(PoxResponses.settingsXml("POX", "a@contoso.com",
            "https://mail.contoso.com/EWS/Exchange.asmx", null));
      }
    });
    AtomicInteger asked = new AtomicInteger();
    List<String> inputs = List.of("a@contoso.com", "b@contoso.com", "c@contoso.com");

    AutodiscoverClient validating = closeAfterTest(client.toBuilder()
        .redirectValidator(p -> {
          asked.incrementAndGet();
          return p.target().getHost().equals("autodiscover.litware.com");
        }).build());
    List<BatchItem> items = batch(validating, inputs)
        .credentials(Credentials.basic("svc-discovery", "secret".toCharArray())).resolve();

    assertThat(items).allMatch(BatchItem::isSuccess);
    assertThat(asked).hasValue(1);
    assertThat(poxPosts).hasValue(1); // the domain's discovery only: no POX fallback per user
    assertThat(soapWithAuth).hasValue(1);
    BatchItem b = items.get(1);
    assertThat(b.endpoint()).hasValueSatisfying(u -> assertThat(u)
        .hasToString("https://autodiscover.litware.com/autodiscover/autodiscover.svc"));
    Attempt last = b.trace().attempts().get(b.trace().attempts().size() - 1);
    assertThat(last.outcome()).isEqualTo(AttemptOutcome.SETTINGS);
    assertThat(last.detail()).hasValueSatisfying(d -> assertThat(d).contains("authenticated with Basic"));
  }

  @Test
  void resolve_emptyInput_completesAtOnce() {
    assertThat(batch(List.of()).resolve()).isEmpty();
  }
}
