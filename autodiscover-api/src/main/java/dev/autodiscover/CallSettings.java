package dev.autodiscover;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The per-call options shared by {@link AutodiscoverRequest} and {@link BatchRequest}: immutable; every change
 * makes a copy. A {@code null} timeout, deadline or retry count means "the client's default".
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
    boolean preferLocalXml;
    boolean lastKnownGoodFirst;
    ProtocolChoice protocol = ProtocolChoice.POX;
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
        + ", mode=" + (s.sequential ? "sequential" : "parallel(stagger=" + s.stagger + ")")
        + (s.preAuthenticate ? ", preAuthenticate" : "") + ", protocol=" + s.protocol.label()
        + (s.v2Protocol == V2Protocol.EWS ? "" : ", v2Protocol=" + s.v2Protocol.wireName())
        + (s.preferLocalXml ? ", preferLocalXml" : "") + (s.lastKnownGoodFirst ? ", lastKnownGoodFirst" : "");
  }
}
