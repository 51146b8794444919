package dev.autodiscover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import org.junit.jupiter.api.Test;

/** The whole lookup {@code warmUp()} rehearses on loopback, and the gate that lets it run once. */
class RehearsalTest {
  @Test
  void rehearse_sendsEveryRequestOfADefaultLookup_andTakesTheAutodiscoverHostsAnswer() throws Exception {
    AutodiscoverResult result = new Rehearsal().rehearse();

    List<Attempt> attempts = result.trace().attempts();
    assertThat(attempts).extracting(Attempt::method).containsExactly(DiscoveryMethod.SCP,
        DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTPS_ROOT_DOMAIN,
        DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, DiscoveryMethod.LOCAL_XML, DiscoveryMethod.HTTP_REDIRECT,
        DiscoveryMethod.DNS_SRV, DiscoveryMethod.LAST_KNOWN_GOOD);
    assertThat(attempts).extracting(a -> a.url().map(Object::toString).orElse("-")).containsExactly("-",
        "https://example.com/autodiscover/autodiscover.xml", "https://example.com/autodiscover/autodiscover.svc",
        "https://autodiscover.example.com/autodiscover/autodiscover.xml", "-",
        "http://autodiscover.example.com/autodiscover/autodiscover.xml",
        "dns:_autodiscover._tcp.example.com?type=SRV", "-");
    // The server answers only once every other request has reached it; the lookup may still take that answer before
    // it has read the refusals of the root's SOAP request, the plain-HTTP probe and the SRV query.
    AttemptOutcome cancelled = AttemptOutcome.CANCELLED;
    assertThat(attempts.get(0).outcome()).isEqualTo(AttemptOutcome.NOT_CONFIGURED);
    assertThat(attempts.get(1).outcome()).isEqualTo(AttemptOutcome.NOT_FOUND);
    assertThat(attempts.get(2).outcome()).isIn(AttemptOutcome.NOT_FOUND, cancelled);
    assertThat(attempts.get(3).outcome()).isEqualTo(AttemptOutcome.SETTINGS);
    assertThat(attempts.get(4).outcome()).isEqualTo(AttemptOutcome.NOT_CONFIGURED);
    assertThat(attempts.get(5).outcome()).isIn(AttemptOutcome.NOT_FOUND, cancelled);
    assertThat(attempts.get(6).outcome()).isIn(AttemptOutcome.NOT_CONFIGURED, cancelled);
    assertThat(attempts.get(7).outcome()).isEqualTo(AttemptOutcome.NOT_CONFIGURED);
    assertThat(result.ewsUrl().map(u -> u.uri().toString())).hasValue(Rehearsal.EWS_URL);
  }

  @Test
  void close_endsARehearsalThatWaits() throws Exception {
    Rehearsal rehearsal = new Rehearsal(Duration.ofSeconds(60), new CompletableFuture<>()); // held for a minute
    CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> {
      try {
        return rehearsal.rehearse();
      } catch (Exception e) {
        return e;
      }
    });
    Thread.sleep(500);

    rehearsal.close();

    assertThat(run.get(10, TimeUnit.SECONDS)).isInstanceOf(Exception.class);
    assertThatThrownBy(rehearsal::rehearse).isInstanceOf(IllegalStateException.class)
        .hasMessage("the rehearsal was closed");
  }

  @Test
  void gate_letsRehearsalsThroughUntilOneSucceeds() throws Exception {
    Rehearsal.Gate gate = new Rehearsal.Gate();
    Rehearsal closed = new Rehearsal();
    closed.close();

    assertThatThrownBy(() -> gate.runOnce(closed)).isInstanceOf(IllegalStateException.class);
    assertThat(gate.rehearsed()).isFalse();
    gate.runOnce(new Rehearsal());
    assertThat(gate.rehearsed()).isTrue();
    gate.runOnce(closed); // not run: it would throw
  }
}
