package dev.autodiscover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodiscover.access.ApiAccess;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The compact storage that keeps a batch's results small (the settings maps, an attempt's timing, shared domain
 * strings) returns what the plain storage returned.
 */
class CompactStorageTest {
  private static Map<String, String> linked(String... namesAndTexts) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndTexts.length; i += 2) {
      m.put(namesAndTexts[i], namesAndTexts[i + 1]);
    }
    return m;
  }

  @Test
  void textMap_keepsOrderAndEntries_equalsAndHashesAndPrintsLikeALinkedHashMap() {
    Map<String, String> source = linked("Zeta", "1", "Alpha", "2", "Mid", "");

    Map<String, String> copy = TextMap.copyOf(source);

    assertThat(copy).containsExactly(Map.entry("Zeta", "1"), Map.entry("Alpha", "2"), Map.entry("Mid", ""));
    assertThat(copy.keySet()).containsExactly("Zeta", "Alpha", "Mid");
    assertThat(copy.values()).containsExactly("1", "2", "");
    assertThat(copy).isEqualTo(source).hasSameHashCodeAs(source);
    assertThat(source).isEqualTo(copy);
    assertThat(copy).hasToString(source.toString()).hasToString("{Zeta=1, Alpha=2, Mid=}");
    assertThat(copy.get("Alpha")).isEqualTo("2");
    assertThat(copy.get("alpha")).isNull();
    assertThat(copy.get(null)).isNull();
    assertThat(copy.get(42)).isNull();
    assertThat(copy.containsKey("Mid")).isTrue();
    assertThat(copy.containsKey(null)).isFalse();
    assertThat(copy.containsValue("1")).isTrue();
    assertThat(copy.size()).isEqualTo(3);
    StringBuilder visited = new StringBuilder();
    copy.forEach((k, v) -> visited.append(k).append('=').append(v).append(';'));
    assertThat(visited).hasToString("Zeta=1;Alpha=2;Mid=;");
  }

  @Test
  void textMap_copiesOtherMapsInTheirOrder_andEmptyOnesToTheSharedEmptyMap() {
    assertThat(TextMap.copyOf(new TreeMap<>(Map.of("b", "2", "a", "1")))).containsExactly(Map.entry("a", "1"),
        Map.entry("b", "2"));
    assertThat(TextMap.copyOf(Map.of())).isSameAs(TextMap.EMPTY).isEmpty();
    assertThat(TextMap.copyOf(new LinkedHashMap<>())).isSameAs(TextMap.EMPTY);
    TextMap once = TextMap.copyOf(linked("a", "1"));
    assertThat(TextMap.copyOf(once)).isSameAs(once);
  }

  @Test
  void textMap_refusesNullNamesAndTexts_namingTheElement() {
    Map<String, String> nullText = linked("Url", null);
    Map<String, String> nullName = new LinkedHashMap<>();
    nullName.put(null, "x");

    assertThatThrownBy(() -> TextMap.copyOf(nullText)).isInstanceOf(NullPointerException.class).hasMessage("Url");
    assertThatThrownBy(() -> TextMap.copyOf(nullName)).isInstanceOf(NullPointerException.class)
        .hasMessage("element name");
  }

  @Test
  void textMap_cannotBeChanged_throughAnyMethodOrView() {
    Map<String, String> m = TextMap.copyOf(linked("a", "1", "b", "2"));
    List<Consumer<Map<String, String>>> changes = List.of(
        x -> x.put("c", "3"), x -> x.remove("a"), x -> x.putAll(Map.of("c", "3")), Map::clear,
        x -> x.replaceAll((k, v) -> v), x -> x.putIfAbsent("c", "3"), x -> x.remove("a", "1"),
        x -> x.replace("a", "1", "9"), x -> x.replace("a", "9"), x -> x.computeIfAbsent("c", k -> "3"),
        x -> x.computeIfPresent("a", (k, v) -> "9"), x -> x.compute("a", (k, v) -> "9"),
        x -> x.merge("a", "9", (p, q) -> q), x -> x.entrySet().clear(), x -> x.entrySet().remove(Map.entry("a", "1")),
        x -> x.keySet().remove("a"), x -> x.values().remove("1"), x -> x.entrySet().iterator().next().setValue("9"),
        x -> {
          var it = x.entrySet().iterator();
          it.next();
          it.remove();
        });

    for (Consumer<Map<String, String>> change : changes) {
      assertThatThrownBy(() -> change.accept(m)).isInstanceOf(UnsupportedOperationException.class);
    }
    assertThat(m).isEqualTo(Map.of("a", "1", "b", "2"));
  }

  @Test
  void settingsViews_keepTheirValues_andUserSettingsWithoutCollectionsShareTheEmptyOne() {
    UserSettings plain = UserSettings.builder().setting("UserDisplayName", "Jan").setting("CasVersion", "15.1").build();
    UserSettings other = UserSettings.builder().setting("UserDisplayName", "Eva").build();
    UserSettings withCollection = UserSettings.builder().setting("UserDisplayName", "Jan").collection(
        "AlternateMailboxes", List.of(linked("Type", "Archive", "DisplayName", "Archive"))).build();

    assertThat(plain.raw()).containsExactly(Map.entry("UserDisplayName", "Jan"), Map.entry("CasVersion", "15.1"));
    assertThat(plain.collections()).isSameAs(other.collections()).hasSize(0);
    assertThat(plain.collections().get(null)).isNull();
    assertThat(plain.collections().containsKey(null)).isFalse();
    List<Map<String, String>> entries = withCollection.collections().get("AlternateMailboxes");
    assertThat(entries).containsExactly(Map.of("Type", "Archive", "DisplayName", "Archive"));
    assertThat(entries.get(0).keySet()).containsExactly("Type", "DisplayName");
    assertThat(plain).isEqualTo(UserSettings.builder().setting("UserDisplayName", "Jan").setting("CasVersion", "15.1")
        .build()).isNotEqualTo(other);
    assertThat(plain.toBuilder().build()).isEqualTo(plain);
    ProtocolSettings exch = ApiAccess.get().protocolSettings("EXCH", linked("Type", "EXCH", "Server", "mbx01"));
    assertThat(exch.elements()).containsExactly(Map.entry("Type", "EXCH"), Map.entry("Server", "mbx01"));
  }

  @Test
  void attemptTiming_isExactForEveryDuration() {
    Duration huge = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    Duration fine = Duration.ofSeconds(3, 141_592_653);

    Attempt a = Attempt.builder(DiscoveryMethod.SCP, AttemptOutcome.SETTINGS).timing(fine, huge).build();
    Attempt untimed = Attempt.builder(DiscoveryMethod.SCP, AttemptOutcome.SETTINGS).build();

    assertThat(a.startOffset()).isEqualTo(fine);
    assertThat(a.duration()).isEqualTo(huge);
    assertThat(untimed.startOffset()).isEqualTo(Duration.ZERO);
    assertThat(untimed.duration()).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> Attempt.builder(DiscoveryMethod.SCP, AttemptOutcome.SETTINGS)
        .timing(Duration.ofNanos(-1), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sharingDomain_givesAnEqualAddressHoldingTheGivenString_andRefusesAnotherDomain() {
    EmailAddress jan = EmailAddress.parse("Jan@Contoso.COM");
    String domain = new String("contoso.com");

    EmailAddress shared = ApiAccess.get().sharingDomain(jan, domain);

    assertThat(shared).isEqualTo(jan).hasToString("Jan@contoso.com");
    assertThat(shared.domain()).isSameAs(domain);
    assertThat(shared.localPart()).isEqualTo("Jan");
    assertThat(ApiAccess.get().sharingDomain(shared, domain)).isSameAs(shared);
    assertThatThrownBy(() -> ApiAccess.get().sharingDomain(jan, "fabrikam.com"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void textMapEntries_areImmutableEntries() {
    Map.Entry<String, String> e = TextMap.copyOf(linked("a", "1")).entrySet().iterator().next();
    assertThat(e).isInstanceOf(AbstractMap.SimpleImmutableEntry.class).isEqualTo(Map.entry("a", "1"));
  }
}
