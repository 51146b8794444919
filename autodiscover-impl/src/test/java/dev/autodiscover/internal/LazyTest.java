package dev.autodiscover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {
  @Test
  void get_concurrentFirstCalls_makeTheValueOnceAndAllSeeIt() throws Exception {
    AtomicInteger made = new AtomicInteger();
    CountDownLatch supplierEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Lazy<Object> lazy = Lazy.of(() -> {
      made.incrementAndGet();
      supplierEntered.countDown();
      await(release);
      return new Object();
    });
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Object>> results = new ArrayList<>();
      results.add(pool.submit(lazy::get));
      assertThat(supplierEntered.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 7; i++) {
        results.add(pool.submit(lazy::get));
      }
      assertThat(lazy.isMade()).isFalse();
      release.countDown();
      Object first = results.get(0).get(10, TimeUnit.SECONDS);
      for (Future<Object> f : results) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(first);
      }
      assertThat(made).hasValue(1);
      assertThat(lazy.isMade()).isTrue();
      assertThat(lazy.get()).isSameAs(first);
      assertThat(made).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void get_supplierThrows_exceptionReachesCallerAndNextCallTriesAgain() {
    AtomicInteger calls = new AtomicInteger();
    Lazy<String> lazy = Lazy.of(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("no JAXB runtime");
      }
      return "context";
    });

    assertThatThrownBy(lazy::get).isInstanceOf(IllegalStateException.class).hasMessage("no JAXB runtime");
    assertThat(lazy.isMade()).isFalse();
    assertThat(lazy.get()).isEqualTo("context");
    assertThat(lazy.get()).isEqualTo("context");
    assertThat(calls).hasValue(2);
  }

  @Test
  void get_supplierReturnsNull_throwsAndMakesNothing() {
    Lazy<String> lazy = Lazy.of(() -> null);

    assertThatThrownBy(lazy::get).isInstanceOf(NullPointerException.class)
        .hasMessage("the supplier returned null");
    assertThat(lazy.isMade()).isFalse();
  }

  @Test
  void prefetch_makesTheValueOnTheExecutor() throws Exception {
    List<String> threads = new ArrayList<>();
    Lazy<String> lazy = Lazy.of(() -> {
      synchronized (threads) {
        threads.add(Thread.currentThread().getName());
      }
      return "value";
    });
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "prefetcher"));
    try {
      lazy.prefetch(pool);
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }

    assertThat(lazy.isMade()).isTrue();
    assertThat(lazy.get()).isEqualTo("value");
    assertThat(threads).containsExactly("prefetcher");
    lazy.prefetch(r -> {
      throw new AssertionError("a made value is not made again");
    });
  }

  @Test
  void prefetch_failureOrRefusal_isLeftToGet() {
    AtomicInteger calls = new AtomicInteger();
    Lazy<String> lazy = Lazy.of(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("first try fails");
      }
      return "value";
    });

    lazy.prefetch(Runnable::run); // the failure is swallowed here
    lazy.prefetch(r -> {
      throw new RejectedExecutionException("shut down");
    });

    assertThat(lazy.isMade()).isFalse();
    assertThat(lazy.get()).isEqualTo("value");
    assertThat(calls).hasValue(2);
  }

  @Test
  void of_nullSupplier_throws() {
    assertThatThrownBy(() -> Lazy.of(null)).isInstanceOf(NullPointerException.class).hasMessage("supplier");
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
