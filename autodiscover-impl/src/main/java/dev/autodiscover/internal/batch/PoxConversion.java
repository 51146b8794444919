package dev.autodiscover.internal.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.autodiscover.AlternativeMailbox;
import dev.autodiscover.MailboxSettings;
import dev.autodiscover.UserSettingName;
import dev.autodiscover.UserSettings;

/**
 * Expresses a POX answer (one-by-one discovery after a redirect or fallback) as the SOAP-style user settings a
 * batch item carries: display name, user DN, deployment id, SMTP address, EWS URLs and alternate mailboxes,
 * each only when the answer has it.
 */
final class PoxConversion {
  private PoxConversion() {}

  static UserSettings userSettings(MailboxSettings pox) {
    UserSettings.Builder b = UserSettings.builder();
    pox.user().displayName().ifPresent(v -> b.setting(UserSettingName.USER_DISPLAY_NAME, v));
    pox.user().legacyDn().ifPresent(v -> b.setting(UserSettingName.USER_DN, v));
    pox.user().deploymentId().ifPresent(v -> b.setting(UserSettingName.USER_DEPLOYMENT_ID, v));
    pox.user().autoDiscoverSmtpAddress().ifPresent(v -> b.setting(UserSettingName.AUTO_DISCOVER_SMTP_ADDRESS, v));
    pox.externalEwsUrl().ifPresent(v -> b.setting(UserSettingName.EXTERNAL_EWS_URL, v.uri().toString()));
    pox.internalEwsUrl().ifPresent(v -> b.setting(UserSettingName.INTERNAL_EWS_URL, v.uri().toString()));
    List<Map<String, String>> mailboxes = new ArrayList<>();
    for (AlternativeMailbox mailbox : pox.alternativeMailboxes()) {
      mailboxes.add(mailbox.elements());
    }
    if (!mailboxes.isEmpty()) {
      b.collection(UserSettingName.ALTERNATE_MAILBOXES.wireName(), mailboxes);
    }
    return b.build();
  }
}
