package dev.autodiscover.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverAuthenticationException;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverRedirectException;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverTimeoutException;
import dev.autodiscover.Credentials;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.SoapResponses;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same hostile server behaviour met by single discovery, a batch and a domain-settings run: all three
 * drive the one pipeline, so each case asserts the SAME decision for all three drivers. The server is
 * hostile only to the driver's own requests (for a batch the two-user GetUserSettings, for domain settings
 * the GetDomainSettings), and friendly to the discoveries a batch or domain-settings run starts first.
 */
class HostileCasesTest extends PipelineTestSupport {
  private static final URI TOKEN_AUTHORITY = URI.create("https://login.microsoftonline.com/common/oauth2/authorize");
  private static final String EVIL = "https://autodiscover.evil-hoster.net/autodiscover/autodiscover.svc";

  /** How a run is started, and which requests are the driver's own. */
  enum Driver {
    SINGLE(r -> true),
    BATCH(r -> SoapResponses.requestedMailboxes(r.getBody().toByteArray()).size() == 2),
    DOMAIN(r -> r.getBody().utf8().contains("GetDomainSettings"));

    final Predicate<RecordedRequest> own;

    Driver(Predicate<RecordedRequest> own) {
      this.own = own;
    }
  }

  private Object run(Driver driver, Opts options) {
    return switch (driver) {
      case SINGLE -> single(request("a@contoso.com", options));
      case BATCH -> batchFirst(batch(List.of("a@contoso.com", "b@contoso.com"), options));
      case DOMAIN -> domain(request("a@contoso.com", options));
    };
  }

  /** The autodiscover host: friendly answers, except {@code hostile} for the driver's own requests. */
  private List<RecordedRequest> serve(Driver driver, java.util.function.Function<RecordedRequest, MockResponse> hostile) {
    List<RecordedRequest> own = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    net.host("autodiscover.contoso.com").respondHttps(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        if (!r.getUrl().encodedPath().toLowerCase().endsWith("/autodiscover.svc")) {
          return new MockResponse.Builder().code(404).build();
        }
        if (driver.own.test(r)) {
          own.add(r);
          MockResponse answer = hostile.apply(r);
          if (answer != null) {
            return answer;
          }
        }
        return friendly(r);
      }
    });
    return own;
  }

  private static MockResponse friendly(RecordedRequest r) {
    if (r.getBody().utf8().contains("GetDomainSettings")) {
      return SoapResponses.xml(SoapResponses.domainResponses(SoapResponses.domainSettings(
          java.util.Map.of("ExternalEwsUrl", "https://mail.contoso.com/EWS/Exchange.asmx"))));
    }
    return SoapResponses.xml(SoapResponses.userResponses(SoapResponses.requestedMailboxes(r.getBody().toByteArray())
        .stream().map(m -> SoapResponses.userSettings(m, m, "https://mail.contoso.com/EWS/Exchange.asmx", null))
        .toList()));
  }

  private static List<Attempt> attempts(Object outcome) {
    return ((AutodiscoverException) outcome).trace().attempts();
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void untrustedRedirectTarget_isRefused_andGetsNoRequestLetAloneCredentials(Driver driver) {
    serve(driver, r -> PoxResponses.redirect(302, EVIL));
    List<RecordedRequest> evil = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    net.host("autodiscover.evil-hoster.net").respondHttps(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        evil.add(r);
        return new MockResponse.Builder().code(500).build();
      }
    });

    Object outcome = run(driver, opts().basic());

    assertThat(outcome).isInstanceOf(AutodiscoverNotFoundException.class);
    assertThat(evil).isEmpty();
    assertThat(attempts(outcome).stream().filter(a -> a.outcome() == AttemptOutcome.REJECTED_BY_TRUST_POLICY)
        .map(a -> a.detail().orElse(""))).singleElement().asString()
        .contains("host autodiscover.evil-hoster.net is outside the user's domain and not trusted");
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void redirectToTheSameUrlWithExplicitDefaultPortAndOtherCase_isStoppedAsALoop(Driver driver) {
    List<RecordedRequest> own = serve(driver,
        r -> PoxResponses.redirect(302, "https://AUTODISCOVER.contoso.com:443/Autodiscover/Autodiscover.svc"));

    Object outcome = run(driver, opts());

    assertThat(outcome).isInstanceOfSatisfying(AutodiscoverRedirectException.class,
        e -> assertThat(e.reason()).isEqualTo(AutodiscoverRedirectException.Reason.LOOP));
    assertThat(own).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void bearerOnlyChallenge_recordsTheAuthorizationUri_andSendsNoBasic(Driver driver) {
    List<RecordedRequest> own = serve(driver,
        r -> PoxResponses.unauthorized("Bearer authorization_uri=\"" + TOKEN_AUTHORITY + "\""));

    Object outcome = run(driver, opts().basic());

    assertThat(outcome).isInstanceOfSatisfying(AutodiscoverAuthenticationException.class,
        e -> assertThat(e.authorizationUri()).contains(TOKEN_AUTHORITY));
    assertThat(attempts(outcome).stream().filter(a -> a.outcome() == AttemptOutcome.AUTH_REQUIRED)
        .map(a -> a.authorizationUri().orElse(null))).containsExactly(TOKEN_AUTHORITY);
    assertThat(own).hasSize(1).allSatisfy(r -> assertThat(r.getHeaders().get("Authorization")).isNull());
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void preAuthentication_toATrustedHttpsHost_sendsCredentialsTheFirstTime(Driver driver) {
    List<RecordedRequest> own = serve(driver, r -> null);

    Object outcome = run(driver, opts().basic().preAuthenticate().trust("autodiscover.contoso.com"));

    assertThat(outcome).isNotInstanceOf(AutodiscoverException.class);
    assertThat(own).hasSize(1);
    assertThat(own.get(0).getHeaders().get("Authorization")).startsWith("Basic ");
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void preAuthentication_toAnUntrustedHost_waitsForTheChallenge(Driver driver) {
    List<RecordedRequest> own = serve(driver, r -> r.getHeaders().get("Authorization") == null
        ? PoxResponses.unauthorized("Basic realm=\"contoso\"") : null);

    Object outcome = run(driver, opts().basic().preAuthenticate());

    assertThat(outcome).isNotInstanceOf(AutodiscoverException.class);
    assertThat(own).hasSize(2);
    assertThat(own.get(0).getHeaders().get("Authorization")).isNull();
    assertThat(own.get(1).getHeaders().get("Authorization")).startsWith("Basic ");
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void serverThatNeverAnswers_runEndsWithATimeoutWithinTheDeadline(Driver driver) {
    Duration deadline = Duration.ofMillis(1500);
    serve(driver, r -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    });

    long started = System.nanoTime();
    Object outcome = run(driver, opts().deadline(deadline));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(outcome).isInstanceOf(AutodiscoverTimeoutException.class);
    assertThat(took).isLessThan(deadline.plusMillis(750));
  }
}
