package dev.autodiscover.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** An {@link Error} thrown anywhere in a batch's work ends the batch with that error, never a hang. */
@Timeout(30) // a hang guard only: the batch ends within its first answers
class BatchFatalErrorTest extends BatchTestSupport {
  static Stream<Supplier<Error>> errors() {
    return Stream.of(() -> new StackOverflowError("deliberate"), () -> new OutOfMemoryError("deliberate"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void resolve_progressListenerThrowsAnError_failsWithThatErrorAfterItsFirstItem(Supplier<Error> error) {
    serve("contoso.com", BatchTestSupport::ok);
    serve("fabrikam.com", BatchTestSupport::ok);
    Error thrown = error.get();
    AtomicInteger calls = new AtomicInteger();

    // The listener runs on the HTTP client's threads, where a thrown Error used to vanish with the batch's future.
    assertThatThrownBy(() -> batch(List.of("a@contoso.com", "b@contoso.com", "c@fabrikam.com"))
        .progressListener(p -> {
          calls.incrementAndGet();
          throw thrown;
        }).resolve()).isSameAs(thrown);
    assertThat(calls).hasValue(1);
  }
}
