package dev.autodiscover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The per-call options shared by {@link AutodiscoverRequest} and {@link BatchRequest}: immutable; every change
 * makes a copy. A {@code null} timeout, deadline, retry count or priority window means "the client's default".
 */
final class CallSettings {
  final Set<DiscoveryMethod> methods;
  final @Nullable Credentials credentials;
  final @Nullable Duration attemptTimeout;
  final Map<DiscoveryMethod, Duration> methodTimeouts;
  final @Nullable Duration deadline;
  final @Nullable Integer retriesOnTimeout;
  final Map<DiscoveryMethod, Integer> methodRetries;
  final boolean preAuthenticate;
  final boolean sequential;
  final Duration stagger;
  final @Nullable PriorityWindow priorityWindow;
  final boolean preferLocalXml;
  final boolean lastKnownGoodFirst;
  final ProtocolChoice protocol;
  final Set<UserSettingName> userSettings;
  final V2Protocol v2Protocol;

  static final CallSettings DEFAULTS = new CallSettings(new Mutable());

  private CallSettings(Mutable m) {
    methods = java.util.Collections.unmodifiableSet(EnumSet.copyOf(m.methods));
    credentials = m.credentials;
    attemptTimeout = m.attemptTimeout;
    methodTimeouts = java.util.Collections.unmodifiableMap(new EnumMap<>(m.methodTimeouts));
    deadline = m.deadline;
    retriesOnTimeout = m.retriesOnTimeout;
    methodRetries = java.util.Collections.unmodifiableMap(new EnumMap<>(m.methodRetries));
    preAuthenticate = m.preAuthenticate;
    sequential = m.sequential;
    stagger = m.stagger;
    priorityWindow = m.priorityWindow;
    preferLocalXml = m.preferLocalXml;
    lastKnownGoodFirst = m.lastKnownGoodFirst;
    protocol = m.protocol;
    userSettings = java.util.Collections.unmodifiableSet(EnumSet.copyOf(m.userSettings));
    v2Protocol = m.v2Protocol;
  }

  CallSettings with(Consumer<Mutable> change) {
    Mutable m = new Mutable(this);
    change.accept(m);
    return new CallSettings(m);
  }

  /** Without these methods; refuses to leave none. */
  CallSettings without(DiscoveryMethod... excluded) {
    EnumSet<DiscoveryMethod> remaining = EnumSet.copyOf(methods);
    for (DiscoveryMethod m : excluded) {
      remaining.remove(Objects.requireNonNull(m, "excluded method"));
    }
    if (remaining.isEmpty()) {
      throw new IllegalArgumentException("excluding " + Arrays.toString(excluded) + " leaves no discovery method: this "
          + "call had only " + methods + "; keep at least one method (only(...) chooses the ones to use)");
    }
    return with(s -> s.methods = remaining);
  }

  /** With only these methods; at least one. */
  CallSettings only(DiscoveryMethod... only) {
    if (only.length == 0) {
      throw new IllegalArgumentException("only() needs at least one discovery method, e.g. only(DiscoveryMethod.DNS_SRV)");
    }
    EnumSet<DiscoveryMethod> chosen = EnumSet.noneOf(DiscoveryMethod.class);
    for (DiscoveryMethod m : only) {
      chosen.add(Objects.requireNonNull(m, "method"));
    }
    return with(s -> s.methods = chosen);
  }

  /** Asking SOAP for these user settings; at least one. */
  CallSettings userSettings(Set<UserSettingName> names) {
    Objects.requireNonNull(names, "names");
    names.forEach(n -> Objects.requireNonNull(n, "names must not contain null"));
    if (names.isEmpty()) {
      throw new IllegalArgumentException("ask for at least one user setting, e.g. EnumSet.of(EXTERNAL_EWS_URL)");
    }
    EnumSet<UserSettingName> copy = EnumSet.copyOf(names);
    return with(s -> s.userSettings = copy);
  }

  /** A method's attempt timeout: its own, else this call's, else the client's. */
  Duration attemptTimeoutFor(DiscoveryMethod method, AutodiscoverClient client) {
    Duration own = methodTimeouts.get(Objects.requireNonNull(method, "method"));
    return own != null ? own : attemptTimeout != null ? attemptTimeout : client.attemptTimeout();
  }

  /** A method's retries on timeout: its own, else this call's, else the client's. */
  int retriesOnTimeoutFor(DiscoveryMethod method, AutodiscoverClient client) {
    Integer own = methodRetries.get(Objects.requireNonNull(method, "method"));
    return own != null ? own : retriesOnTimeout != null ? retriesOnTimeout : client.retriesOnTimeout();
  }

  /** Outlook's order with the local XML file, then the last-known-good endpoint, moved first as asked. */
  List<DiscoveryMethod> methodOrder() {
    List<DiscoveryMethod> order = new ArrayList<>(List.of(DiscoveryMethod.values()));
    if (lastKnownGoodFirst) {
      order.remove(DiscoveryMethod.LAST_KNOWN_GOOD);
      order.add(0, DiscoveryMethod.LAST_KNOWN_GOOD);
    }
    if (preferLocalXml) {
      order.remove(DiscoveryMethod.LOCAL_XML);
      order.add(0, DiscoveryMethod.LOCAL_XML);
    }
    return List.copyOf(order);
  }

  /** A mutable copy, used only inside {@link #with(Consumer)}. */
  static final class Mutable {
    Set<DiscoveryMethod> methods = EnumSet.allOf(DiscoveryMethod.class);
    @Nullable Credentials credentials;
    @Nullable Duration attemptTimeout;
    Map<DiscoveryMethod, Duration> methodTimeouts = new EnumMap<>(DiscoveryMethod.class);
    @Nullable Duration deadline;
    @Nullable Integer retriesOnTimeout;
    Map<DiscoveryMethod, Integer> methodRetries = new EnumMap<>(DiscoveryMethod.class);
    boolean preAuthenticate;
    boolean sequential;
    Duration stagger = Duration.ZERO;
    @Nullable PriorityWindow priorityWindow;
    boolean preferLocalXml;
    boolean lastKnownGoodFirst;
    ProtocolChoice protocol = ProtocolChoice.AUTO;
    Set<UserSettingName> userSettings = EnumSet.copyOf(DiscoveryOptions.DEFAULT_USER_SETTINGS);
    V2Protocol v2Protocol = V2Protocol.EWS;

    Mutable() {}

    Mutable(CallSettings s) {
      methods = EnumSet.copyOf(s.methods);
      credentials = s.credentials;
      attemptTimeout = s.attemptTimeout;
      methodTimeouts = new EnumMap<>(DiscoveryMethod.class);
      methodTimeouts.putAll(s.methodTimeouts);
      deadline = s.deadline;
      retriesOnTimeout = s.retriesOnTimeout;
      methodRetries = new EnumMap<>(DiscoveryMethod.class);
      methodRetries.putAll(s.methodRetries);
      preAuthenticate = s.preAuthenticate;
      sequential = s.sequential;
      stagger = s.stagger;
      priorityWindow = s.priorityWindow;
      preferLocalXml = s.preferLocalXml;
      lastKnownGoodFirst = s.lastKnownGoodFirst;
      protocol = s.protocol;
      userSettings = EnumSet.copyOf(s.userSettings);
      v2Protocol = s.v2Protocol;
    }
  }

  /** The options, without secrets. */
  @Override
  public String toString() {
    CallSettings s = this;
    return "methods=" + s.methods + ", credentials=" + (s.credentials == null ? "none" : s.credentials)
        + (s.attemptTimeout == null ? "" : ", attemptTimeout=" + s.attemptTimeout)
        + (s.deadline == null ? "" : ", deadline=" + s.deadline)
        + (s.retriesOnTimeout == null ? "" : ", retriesOnTimeout=" + s.retriesOnTimeout)
        + ", mode=" + (s.sequential ? "sequential" : "parallel(stagger=" + s.stagger
            + (s.priorityWindow == null ? "" : ", priorityWindow=" + s.priorityWindow) + ")")
        + (s.preAuthenticate ? ", preAuthenticate" : "") + ", protocol=" + s.protocol.label()
        + (s.v2Protocol == V2Protocol.EWS ? "" : ", v2Protocol=" + s.v2Protocol.wireName())
        + (s.preferLocalXml ? ", preferLocalXml" : "") + (s.lastKnownGoodFirst ? ", lastKnownGoodFirst" : "");
  }
}
