package dev.autodiscover.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import dev.autodiscover.testkit.SoapResponses;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole event sequence, in order, of a single run, a batch run and a domain-settings run (after OkHttp's
 * EventListenerTest). Runs are named R1, R2, ... and attempts A1, A2, ... in order of appearance.
 */
class EventSequenceTest extends PipelineTestSupport {
  private static final String EWS = "https://mail.contoso.com/EWS/Exchange.asmx";

  @BeforeEach
  void serve() {
    net.host("autodiscover.contoso.com").respondHttps(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        if (r.getBody().utf8().contains("GetDomainSettings")) {
          return SoapResponses.xml(SoapResponses.domainResponses(SoapResponses.domainSettings(
              java.util.Map.of("ExternalEwsUrl", EWS))));
        }
        return SoapResponses.xml(SoapResponses.userResponses(SoapResponses.requestedMailboxes(
            r.getBody().toByteArray()).stream().map(m -> SoapResponses.userSettings(m, m, EWS, null)).toList()));
      }
    });
  }

  @Test
  void singleRun() {
    single(request("a@contoso.com", opts()));

    assertThat(events.events).containsExactly(
        "R1 runStart a@contoso.com",
        "R1 attemptStart A1 POST " + SVC,
        "R1 attemptEnd A1 settings",
        "R1 runEnd");
  }

  @Test
  void batchRun_soapPostsUnderTheBatchId_discoveryIsARunOfItsOwn() {
    batchFirst(batch(List.of("a@contoso.com", "b@contoso.com"), opts()));

    assertThat(events.events).containsExactly(
        "R1 batchStart 2",
        "R2 runStart a@contoso.com",
        "R2 attemptStart A1 POST " + SVC,
        "R2 attemptEnd A1 settings",
        "R2 runEnd",
        "R1 attemptStart A2 POST " + SVC,
        "R1 attemptEnd A2 settings",
        "R1 batchEnd 2 0");
  }

  @Test
  void domainSettingsRun_soapPostUnderTheDomainRunId_discoveryIsARunOfItsOwn() {
    domain(request("a@contoso.com", opts()));

    assertThat(events.events).containsExactly(
        "R1 domainSettingsStart a@contoso.com",
        "R2 runStart a@contoso.com",
        "R2 attemptStart A1 POST " + SVC,
        "R2 attemptEnd A1 settings",
        "R2 runEnd",
        "R1 attemptStart A2 POST " + SVC,
        "R1 attemptEnd A2 settings",
        "R1 domainSettingsEnd");
  }
}
