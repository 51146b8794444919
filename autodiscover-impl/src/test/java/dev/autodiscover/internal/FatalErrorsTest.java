package dev.autodiscover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FatalErrorsTest {
  private final FatalErrors fatal = new FatalErrors();

  @Test
  void since_reportsTheLastErrorRecordedAfterTheMarkOnly() {
    OutOfMemoryError first = new OutOfMemoryError("first");
    StackOverflowError second = new StackOverflowError("second");
    int before = fatal.count();
    fatal.record(first);
    int between = fatal.count();
    fatal.record(second);

    assertThat(fatal.since(before)).isSameAs(second);
    assertThat(fatal.since(between)).isSameAs(second);
    assertThat(fatal.since(fatal.count())).isNull();
  }

  @Test
  void record_aListenerThrows_theErrorIsStillRecordedAndRecordReturns() {
    fatal.listen(e -> {
      throw new OutOfMemoryError("no memory to tell anyone");
    });
    OutOfMemoryError error = new OutOfMemoryError("deliberate");
    int mark = fatal.count();

    fatal.record(error);

    assertThat(fatal.since(mark)).isSameAs(error);
  }

  @Test
  void listen_toldOfEachErrorUntilRemoved() {
    List<Error> told = new ArrayList<>();
    Runnable remove = fatal.listen(told::add);
    Error a = new OutOfMemoryError("a");
    fatal.record(a);
    remove.run();
    fatal.record(new OutOfMemoryError("b"));

    assertThat(told).containsExactly(a);
  }

  @Test
  void guard_recordsAndRethrowsAnErrorButNotARuntimeException() {
    Error error = new StackOverflowError("deliberate");
    int mark = fatal.count();

    assertThatThrownBy(() -> fatal.guard(() -> {
      throw new IllegalStateException("ordinary");
    }).run()).isInstanceOf(IllegalStateException.class);
    assertThat(fatal.since(mark)).isNull();
    assertThatThrownBy(() -> fatal.guard(() -> {
      throw error;
    }).run()).isSameAs(error);
    assertThat(fatal.since(mark)).isSameAs(error);
  }

  @Test
  void uncaughtException_aThreadEndsWithAnError_recordsIt() throws InterruptedException {
    Error error = new OutOfMemoryError("deliberate (this test prints its stack trace)");
    int mark = fatal.count();
    Thread t = new Thread(() -> {
      throw new IllegalStateException("ordinary (this test prints its stack trace)");
    });
    t.setUncaughtExceptionHandler(fatal);
    t.start();
    t.join();
    assertThat(fatal.since(mark)).isNull();

    Thread u = new Thread(() -> {
      throw error;
    });
    u.setUncaughtExceptionHandler(fatal);
    u.start();
    u.join();

    assertThat(fatal.since(mark)).isSameAs(error);
  }
}
