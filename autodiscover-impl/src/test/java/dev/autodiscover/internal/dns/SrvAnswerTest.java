package dev.autodiscover.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import dev.autodiscover.internal.dns.SrvAnswer.Status;
import org.junit.jupiter.api.Test;

class SrvAnswerTest {
  private static final String QUERY = "_autodiscover._tcp.contoso.com";
  private static final SrvRecord RECORD = new SrvRecord(10, 50, 443, "mail.hoster.example");

  @Test
  void describe_listsRecordsOrStatusAndDetail() {
    SrvAnswer found = new SrvAnswer(QUERY, Status.FOUND,
        List.of(RECORD, new SrvRecord(20, 0, 8443, "backup.hoster.example")), Duration.ofMillis(3), "");
    SrvAnswer timeout = new SrvAnswer(QUERY, Status.TIMEOUT, List.of(), Duration.ofSeconds(1), "no answer");

    assertThat(found.describe())
        .isEqualTo(QUERY + " SRV: 10 50 443 mail.hoster.example, 20 0 8443 backup.hoster.example");
    assertThat(timeout.describe()).isEqualTo(QUERY + " SRV: TIMEOUT (no answer)");
  }

  @Test
  void constructor_copiesRecords() {
    List<SrvRecord> records = new ArrayList<>(List.of(RECORD));
    SrvAnswer answer = new SrvAnswer(QUERY, Status.FOUND, records, Duration.ZERO, "");

    records.clear();

    assertThat(answer.records()).containsExactly(RECORD);
  }

  @Test
  void constructor_rejectsRecordsThatContradictTheStatus() {
    assertThatThrownBy(() -> new SrvAnswer(QUERY, Status.FOUND, List.of(), Duration.ZERO, ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SrvAnswer(QUERY, Status.NXDOMAIN, List.of(RECORD), Duration.ZERO, ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SrvAnswer(QUERY, Status.ERROR, List.of(), Duration.ofMillis(-1), ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("took");
  }
}
