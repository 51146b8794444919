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

  private static final EmailAddress JAN = EmailAddress.parse("jan@contoso.com");
  private static final URI URL = URI.create("https://contoso.com/autodiscover/autodiscover.xml");
  private final List<String> events = new ArrayList<>();
  private final TraceRecorder recorder = TraceRecorder.forNewRun(System.nanoTime(), recording(events));

  /** Starts a POST of {@code method}, ranked {@code rank}, in round 0. */
  private TraceRecorder.InFlight start(DiscoveryMethod method, int rank) {
    return recorder.start(new TraceRecorder.Position(0, rank, 0), method, JAN, "POST", URL);
  }

  @Test
  void afterSeal_nothingIsRecordedOrReported_andAnAttemptInFlightEndsSilently() {
    TraceRecorder.InFlight root = start(DiscoveryMethod.HTTPS_ROOT_DOMAIN, 1);

    recorder.seal();
    boolean ended = root.end(root.builder(AttemptOutcome.CANCELLED).detail("aborted after the run").build());
    TraceRecorder.InFlight late = start(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, 2);
    late.end(late.builder(AttemptOutcome.SETTINGS).build());
    recorder.record(new TraceRecorder.Position(0, 5, 0),
        recorder.unsent(DiscoveryMethod.DNS_SRV, AttemptOutcome.NOT_CONFIGURED, JAN, 0).build());
    recorder.redirect(DiscoveryMethod.HTTP_REDIRECT, "a", "b", true, "late");
    recorder.event(l -> l.runEnd(recorder.runId(), null));

    assertThat(ended).isFalse();
    assertThat(events).containsExactly("start 1 HTTPS_ROOT_DOMAIN");
    assertThat(recorder.snapshot().attempts()).isEmpty();
  }

  @Test
  void whileTheRunEnds_aRequestStartedIsNeitherRecordedNorReported_andOneInFlightEndsCancelled() {
    TraceRecorder.InFlight root = start(DiscoveryMethod.HTTPS_ROOT_DOMAIN, 1);

    recorder.cancelInFlight("the run already has its answer");
    TraceRecorder.InFlight late = start(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, 2);
    boolean lateEnded = late.end(late.builder(AttemptOutcome.SETTINGS).build());

    assertThat(root.hasEnded()).isTrue();
    assertThat(lateEnded).isFalse();
    assertThat(events).containsExactly("start 1 HTTPS_ROOT_DOMAIN", "end 1 HTTPS_ROOT_DOMAIN cancelled");
    assertThat(recorder.snapshot().attempts()).extracting(Attempt::method, Attempt::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(DiscoveryMethod.HTTPS_ROOT_DOMAIN,
            AttemptOutcome.CANCELLED));
  }
}
