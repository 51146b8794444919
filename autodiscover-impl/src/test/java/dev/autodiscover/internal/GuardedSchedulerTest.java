package dev.autodiscover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The client's scheduler and thread factory record an Error that a task's future or a dying thread would hide. */
@Timeout(30)
class GuardedSchedulerTest {
  private final FatalErrors fatal = new FatalErrors();
  private final GuardedScheduler scheduler =
      new GuardedScheduler(1, new DaemonThreads("guarded-test-", new AtomicInteger(), fatal), fatal);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  static Stream<Arguments> ways() {
    return Stream.of(
        Arguments.of("schedule(Runnable)", (BiFunction<GuardedScheduler, Error, Future<?>>) (s, e) ->
            s.schedule(() -> {
              throw e;
            }, 1, TimeUnit.MILLISECONDS)),
        Arguments.of("schedule(Callable)", (BiFunction<GuardedScheduler, Error, Future<?>>) (s, e) ->
            s.schedule(() -> {
              throw e;
            }, 1, TimeUnit.MILLISECONDS)),
        Arguments.of("submit(Runnable)", (BiFunction<GuardedScheduler, Error, Future<?>>) (s, e) ->
            s.submit((Runnable) () -> {
              throw e;
            })),
        Arguments.of("scheduleAtFixedRate", (BiFunction<GuardedScheduler, Error, Future<?>>) (s, e) ->
            s.scheduleAtFixedRate(() -> {
              throw e;
            }, 0, 1, TimeUnit.SECONDS)),
        Arguments.of("scheduleWithFixedDelay", (BiFunction<GuardedScheduler, Error, Future<?>>) (s, e) ->
            s.scheduleWithFixedDelay(() -> {
              throw e;
            }, 0, 1, TimeUnit.SECONDS)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ways")
  void aTaskThrowsAnError_itIsRecordedAndTheTasksFutureStillFailsWithIt(String way,
      BiFunction<GuardedScheduler, Error, Future<?>> start) {
    Error error = new OutOfMemoryError("deliberate");
    int mark = fatal.count();

    Future<?> task = start.apply(scheduler, error);

    assertThatThrownBy(task::get).isInstanceOf(ExecutionException.class).cause().isSameAs(error);
    assertThat(fatal.since(mark)).isSameAs(error);
  }

  @Test
  void execute_aTaskThrowsAnError_itIsRecorded() throws InterruptedException {
    Error error = new StackOverflowError("deliberate");
    int mark = fatal.count();

    scheduler.execute(() -> {
      throw error;
    });

    for (int i = 0; i < 3000 && fatal.since(mark) == null; i++) {
      Thread.sleep(1);
    }
    assertThat(fatal.since(mark)).isSameAs(error);
  }

  @Test
  void daemonThreads_areNamedDaemonsThatRecordTheErrorEndingThem() throws InterruptedException {
    Error error = new OutOfMemoryError("deliberate (this test prints its stack trace)");
    int mark = fatal.count();
    AtomicInteger ids = new AtomicInteger(41);

    Thread t = new DaemonThreads("autodiscover-test-", ids, fatal).newThread(() -> {
      throw error;
    });
    t.start();
    t.join();

    assertThat(t.getName()).isEqualTo("autodiscover-test-42");
    assertThat(t.isDaemon()).isTrue();
    assertThat(fatal.since(mark)).isSameAs(error);
  }
}
