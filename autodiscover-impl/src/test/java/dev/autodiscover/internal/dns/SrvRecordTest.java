package dev.autodiscover.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SrvRecordTest {
  @Test
  void constructor_lowerCasesTargetAndDropsTrailingDot() {
    SrvRecord record = new SrvRecord(10, 50, 443, "Mail.Hoster-Example.NET.");

    assertThat(record.target()).isEqualTo("mail.hoster-example.net");
    assertThat(record.notOffered()).isFalse();
    assertThat(record).hasToString("10 50 443 mail.hoster-example.net");
  }

  @Test
  void constructor_whenTargetIsRoot_marksServiceNotOffered() {
    SrvRecord record = new SrvRecord(0, 0, 0, ".");

    assertThat(record.target()).isEmpty();
    assertThat(record.notOffered()).isTrue();
    assertThat(record).hasToString("0 0 0 .").isEqualTo(new SrvRecord(0, 0, 0, ""));
  }

  @Test
  void constructor_rejectsNumbersOutsideSixteenBits() {
    assertThatThrownBy(() -> new SrvRecord(-1, 0, 443, "a.example")).hasMessageContaining("priority");
    assertThatThrownBy(() -> new SrvRecord(0, 65_536, 443, "a.example")).hasMessageContaining("weight");
    assertThatThrownBy(() -> new SrvRecord(0, 0, 70_000, "a.example")).hasMessageContaining("port");
    assertThat(new SrvRecord(65_535, 65_535, 65_535, "a.example").port()).isEqualTo(65_535);
  }
}
