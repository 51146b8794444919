package dev.autodiscover.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.spi.AutodiscoverEventListener;
import org.junit.jupiter.api.Test;

/** Once a run's end is reported, its recorder is sealed: what aborted or late work does is neither kept nor heard. */
class TraceRecorderSealTest {
  /** A listener that writes every attempt, redirect and run end it hears into {@code events}. */
  private static AutodiscoverEventListener recording(List<String> events) {
    return new AutodiscoverEventListener() {
      @Override
      public void attemptStart(long runId, long attemptId, DiscoveryMethod method, String httpMethod, URI url) {
        events.add("start " + attemptId + " " + method);
      }

      @Override
      public void attemptEnd(long runId, long attemptId, Attempt attempt) {
        events.add("end " + attemptId + " " + attempt.method() + " " + attempt.outcome().code());
      }

      @Override
      public void redirect(long runId, DiscoveryMethod method, String from, String to, boolean followed,
          String reason) {
        events.add("redirect " + to);
      }

      @Override
      public void runEnd(long runId, dev.autodiscover.AutodiscoverResult result) {
        events.add("runEnd");
      }
    };
  }

  @Test
  void afterSeal_nothingIsRecordedOrReported_andAnAttemptInFlightEndsSilently() {
    List<String> events = new ArrayList<>();
    AutodiscoverEventListener listener = recording(events);
    TraceRecorder recorder = TraceRecorder.forNewRun(System.nanoTime(), listener);
    EmailAddress jan = EmailAddress.parse("jan@contoso.com");
    URI url = URI.create("https://contoso.com/autodiscover/autodiscover.xml");
    TraceRecorder.InFlight root = recorder.start(new TraceRecorder.Position(0, 1, 0),
        DiscoveryMethod.HTTPS_ROOT_DOMAIN, jan, "POST", url);

    recorder.seal();
    boolean ended = root.end(root.builder(AttemptOutcome.CANCELLED).detail("aborted after the run").build());
    TraceRecorder.InFlight late = recorder.start(new TraceRecorder.Position(0, 2, 0),
        DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, jan, "POST", url);
    late.end(late.builder(AttemptOutcome.SETTINGS).build());
    recorder.record(new TraceRecorder.Position(0, 5, 0),
        recorder.unsent(DiscoveryMethod.DNS_SRV, AttemptOutcome.NOT_CONFIGURED, jan, 0).build());
    recorder.redirect(DiscoveryMethod.HTTP_REDIRECT, "a", "b", true, "late");
    recorder.event(l -> l.runEnd(recorder.runId(), null));

    assertThat(ended).isFalse();
    assertThat(events).containsExactly("start 1 HTTPS_ROOT_DOMAIN");
    assertThat(recorder.snapshot().attempts()).isEmpty();
  }

  @Test
  void whileTheRunEnds_aRequestStartedIsNeitherRecordedNorReported_andOneInFlightEndsCancelled() {
    List<String> events = new ArrayList<>();
    AutodiscoverEventListener listener = recording(events);
    TraceRecorder recorder = TraceRecorder.forNewRun(System.nanoTime(), listener);
    EmailAddress jan = EmailAddress.parse("jan@contoso.com");
    URI url = URI.create("https://contoso.com/autodiscover/autodiscover.xml");
    TraceRecorder.InFlight root = recorder.start(new TraceRecorder.Position(0, 1, 0),
        DiscoveryMethod.HTTPS_ROOT_DOMAIN, jan, "POST", url);

    recorder.cancelInFlight("the run already has its answer");
    TraceRecorder.InFlight late = recorder.start(new TraceRecorder.Position(0, 2, 0),
        DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, jan, "POST", url);
    boolean lateEnded = late.end(late.builder(AttemptOutcome.SETTINGS).build());

    assertThat(root.hasEnded()).isTrue();
    assertThat(lateEnded).isFalse();
    assertThat(events).containsExactly("start 1 HTTPS_ROOT_DOMAIN", "end 1 HTTPS_ROOT_DOMAIN cancelled");
    assertThat(recorder.snapshot().attempts()).extracting(Attempt::method, Attempt::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(DiscoveryMethod.HTTPS_ROOT_DOMAIN,
            AttemptOutcome.CANCELLED));
  }
}
