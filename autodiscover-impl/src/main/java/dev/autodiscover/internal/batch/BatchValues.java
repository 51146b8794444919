package dev.autodiscover.internal.batch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.EwsUrl;
import dev.autodiscover.NetworkLocation;
import dev.autodiscover.UserSettingError;
import dev.autodiscover.UserSettings;
import dev.autodiscover.access.ApiAccess;
import org.jspecify.annotations.Nullable;

/**
 * The values the items of one batch share. A batch of many users on few servers gets the same setting names, EWS
 * URLs, server versions, setting errors and domain names in every user's answer; each parse makes its own copies,
 * and the batch's results would hold them all. Through this pool the items hold one copy of each per batch, so that
 * an item costs little more than what differs between its user and the others.
 *
 * <p>Only values equal in every character are shared (URLs by their text, not by {@link java.net.URI#equals}, which
 * ignores the case of the host), and every shared value is immutable, so sharing never shows one address's data in
 * another's result: an item's values are equal to those it would hold without the pool. The pool holds each
 * distinct value once while its batch runs, and is dropped with the batch. Thread-safe.
 */
final class BatchValues {
  /** Keys and values of one kind each: a String maps to itself, a setting error to itself, an {@link EwsKey} to its URL. */
  private final ConcurrentHashMap<Object, Object> pool = new ConcurrentHashMap<>();

  /** What makes two EWS URLs the same value here: the URL's exact text, its location and its protocol block. */
  private record EwsKey(String uri, NetworkLocation location, String protocolType) {}

  @SuppressWarnings("unchecked")
  private <T> T shared(Object key, T value) {
    Object prior = pool.putIfAbsent(key, value);
    return prior == null ? value : (T) prior;
  }

  /**
   * The batch's copy of a text.
   *
   * @param text the text
   * @return an equal string, the same for every equal text of the batch
   */
  String text(String text) {
    return shared(text, text);
  }

  /**
   * The batch's copy of a text that may be absent.
   *
   * @param text the text, or null
   * @return an equal string as {@link #text(String)} returns, or null
   */
  @Nullable String textOrNull(@Nullable String text) {
    return text == null ? null : text(text);
  }

  /**
   * The address with the batch's copy of its domain.
   *
   * @param address the address
   * @return an equal address whose domain string is shared by the batch's addresses of that domain
   */
  EmailAddress address(EmailAddress address) {
    return ApiAccess.get().sharingDomain(address, text(address.domain()));
  }

  /**
   * The batch's copy of an EWS URL.
   *
   * @param url the URL, or null
   * @return an equal URL with the same text, the same for every such URL of the batch; null for null
   */
  @Nullable EwsUrl ewsUrl(@Nullable EwsUrl url) {
    return url == null ? null
        : shared(new EwsKey(url.uri().toString(), url.location(), url.protocolType()), url);
  }

  /**
   * Settings equal to the given ones whose names, texts and errors are the batch's copies.
   *
   * @param settings one user's settings
   * @return equal settings
   */
  UserSettings settings(UserSettings settings) {
    UserSettings.Builder shared = UserSettings.builder();
    settings.raw().forEach((name, value) -> shared.setting(text(name), text(value)));
    settings.collections().forEach((name, entries) -> shared.collection(text(name), entries.stream()
        .map(this::texts).toList()));
    for (UserSettingError e : settings.settingErrors()) {
      shared.settingError(shared(e, e));
    }
    return shared.build();
  }

  private Map<String, String> texts(Map<String, String> entry) {
    Map<String, String> copy = new LinkedHashMap<>();
    entry.forEach((name, value) -> copy.put(text(name), text(value)));
    return copy;
  }
}
