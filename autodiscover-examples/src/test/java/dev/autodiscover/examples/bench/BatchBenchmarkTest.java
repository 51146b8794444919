package dev.autodiscover.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs the benchmark with tiny sizes: it must work end to end; its timing is not asserted. */
class BatchBenchmarkTest {
  @Test
  void run_tinySizes_resolvesEveryAddressBothWays() {
    BatchBenchmark.Report report = BatchBenchmark.run(60, 3, 4);

    assertThat(report.addresses()).isEqualTo(60);
    assertThat(report.batchSucceeded()).isEqualTo(60);
    assertThat(report.sampleSucceeded()).isEqualTo(4);
    // 3 domain discoveries and 3 SOAP requests for the batch, then 4 single discoveries.
    assertThat(report.serverRequests()).isEqualTo(3 + 3 + 4);
    assertThat(report.batchRate()).isPositive();
    assertThat(report.oneByOneRate()).isPositive();
  }
}
