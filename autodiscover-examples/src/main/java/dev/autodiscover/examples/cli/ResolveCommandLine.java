package dev.autodiscover.examples.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.DiscoveryOptions;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.ProtocolChoice;
import dev.autodiscover.V2Protocol;

/**
 * The parsed arguments of {@code resolve <email> [options]}. Each environment option maps to one
 * {@link AutodiscoverClient.Builder} method ({@link #newClient()} builds the command's one client), each per-call
 * option to one {@link DiscoveryOptions} method ({@link #applyTo(DiscoveryOptions)} applies them).
 *
 * <p>Secrets never come from the command line: a password comes from an environment variable or from the
 * first line of standard input, a bearer token from an environment variable read when the engine asks.
 * The password is kept only until it has been copied into the request (the directory password into the
 * client) and is then wiped.
 */
final class ResolveCommandLine {
  static final Set<String> VALUE_OPTIONS = Set.of(
      "--exclude", "--only", "--attempt-timeout", "--deadline", "--retries", "--trust-host", "--private-domain", "--user",
      "--password-env", "--token-env", "--token-audience", "--stagger", "--max-redirects", "--proxy", "--ca-cert",
      "--method-timeout", "--method-retries", "--dns-server", "--dns-timeout", "--dns-retries", "--ad-server",
      "--ad-site", "--ad-bind-dn", "--ad-password-env", "--local-xml", "--cache-file", "--protocol",
      "--v2-protocol", "--priority-window");
  private static final Set<String> FLAG_OPTIONS = Set.of(
      "--password-stdin", "--pre-auth", "--sequential", "--json", "--help", "-h", "--ad-dns", "--ad-starttls",
      "--ad-gssapi", "--prefer-local-xml", "--no-cache", "--cache-first", "--strict-priority");

  String email;
  boolean json;
  boolean help;
  final List<DiscoveryMethod> excluded = new ArrayList<>();
  final List<DiscoveryMethod> only = new ArrayList<>();
  Duration attemptTimeout;
  Duration deadline;
  Integer retries;
  final List<String> trustedHosts = new ArrayList<>();
  final List<String> privateDomains = new ArrayList<>();
  final List<String> tokenAudience = new ArrayList<>();
  String user;
  char[] password;
  String tokenEnv;
  boolean preAuth;
  boolean sequential;
  Duration stagger;
  Duration priorityWindow;
  boolean strictPriority;
  Integer maxRedirects;
  InetSocketAddress proxy;
  SSLContext sslContext;
  final Map<DiscoveryMethod, Duration> methodTimeouts = new java.util.EnumMap<>(DiscoveryMethod.class);
  final Map<DiscoveryMethod, Integer> methodRetries = new java.util.EnumMap<>(DiscoveryMethod.class);
  final List<InetSocketAddress> dnsServers = new ArrayList<>();
  Duration dnsTimeout;
  Integer dnsRetries;
  final List<String> adServers = new ArrayList<>();
  boolean adDns;
  String adSite;
  String adBindDn;
  char[] adPassword;
  boolean adStartTls;
  boolean adGssapi;
  final Map<String, Path> localXml = new java.util.LinkedHashMap<>();
  boolean preferLocalXml;
  Path cacheFile;
  boolean noCache;
  boolean cacheFirst;
  ProtocolChoice protocol;
  V2Protocol v2Protocol;
  Map<String, String> env = Map.of();

  private ResolveCommandLine() {}

  /**
   * Parses the arguments after {@code resolve}.
   *
   * @param args the arguments
   * @param in standard input, read only for {@code --password-stdin}
   * @param env the environment, read for {@code --password-env} and {@code --token-env}
   * @return the parsed command line; {@link #help} set means print help and do nothing else
   * @throws UsageException naming the first problem found
   */
  static ResolveCommandLine parse(List<String> args, InputStream in, Map<String, String> env) throws UsageException {
    return parse(args, in, env, true);
  }

  /**
   * Parses the shared network, trust and credential options of {@code batch} (no address argument).
   *
   * @param args the options
   * @param in standard input, read only for {@code --password-stdin}
   * @param env the environment
   * @return the parsed options
   * @throws UsageException naming the first problem found
   */
  static ResolveCommandLine parseOptions(List<String> args, InputStream in, Map<String, String> env)
      throws UsageException {
    return parse(args, in, env, false);
  }

  /** Wipes the password copies held here (also after a usage error). */
  void wipeSecrets() {
    if (password != null) {
      Arrays.fill(password, '\0');
      password = null;
    }
    if (adPassword != null) {
      Arrays.fill(adPassword, '\0');
      adPassword = null;
    }
  }

  private static ResolveCommandLine parse(List<String> args, InputStream in, Map<String, String> env,
      boolean emailRequired) throws UsageException {
    ResolveCommandLine c = new ResolveCommandLine();
    c.env = env;
    String passwordEnv = null;
    boolean passwordStdin = false;
    String caCert = null;
    String adPasswordEnv = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      if (arg.startsWith("--") && arg.indexOf('=') > 2) {
        name = arg.substring(0, arg.indexOf('='));
        value = arg.substring(arg.indexOf('=') + 1);
      }
      if (VALUE_OPTIONS.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new UsageException("option " + name + " needs a value");
          }
          value = args.get(++i);
        }
      } else if (FLAG_OPTIONS.contains(name)) {
        if (value != null) {
          throw new UsageException("option " + name + " takes no value");
        }
      } else if (arg.startsWith("-") && arg.length() > 1) {
        throw new UsageException("unknown option: " + name);
      } else {
        if (!emailRequired) {
          throw new UsageException("unexpected argument: '" + arg + "' (only one input file is accepted)");
        }
        if (c.email != null) {
          throw new UsageException("unexpected argument: '" + arg + "' (only one email address is accepted)");
        }
        c.email = arg;
        continue;
      }
      switch (name) {
        case "--exclude" -> c.excluded.addAll(OptionValues.methods(name, value));
        case "--only" -> c.only.addAll(OptionValues.methods(name, value));
        case "--attempt-timeout" -> c.attemptTimeout = OptionValues.duration(name, value);
        case "--deadline" -> c.deadline = OptionValues.duration(name, value);
        case "--retries" -> c.retries = OptionValues.count(name, value, 0, 10);
        case "--trust-host" -> c.trustedHosts.addAll(splitHosts(name, value));
        case "--private-domain" -> c.privateDomains.addAll(splitHosts(name, value));
        case "--user" -> c.user = requireNonBlank(name, value);
        case "--password-env" -> passwordEnv = requireNonBlank(name, value);
        case "--token-env" -> c.tokenEnv = requireNonBlank(name, value);
        case "--token-audience" -> c.tokenAudience.addAll(splitHosts(name, value));
        case "--stagger" -> c.stagger = OptionValues.durationOrZero(name, value);
        case "--priority-window" -> c.priorityWindow = OptionValues.durationOrZero(name, value);
        case "--max-redirects" -> c.maxRedirects = OptionValues.count(name, value, 0, 50);
        case "--proxy" -> c.proxy = OptionValues.hostAndPort(name, value);
        case "--ca-cert" -> caCert = requireNonBlank(name, value);
        case "--method-timeout" -> {
          Map.Entry<DiscoveryMethod, String> e = methodValue(name, value);
          c.methodTimeouts.put(e.getKey(), OptionValues.duration(name, e.getValue()));
        }
        case "--method-retries" -> {
          Map.Entry<DiscoveryMethod, String> e = methodValue(name, value);
          c.methodRetries.put(e.getKey(), OptionValues.count(name, e.getValue(), 0, 10));
        }
        case "--dns-server" -> {
          for (String s : splitHosts(name, value)) {
            c.dnsServers.add(OptionValues.dnsServer(name, s));
          }
        }
        case "--dns-timeout" -> c.dnsTimeout = OptionValues.duration(name, value);
        case "--dns-retries" -> c.dnsRetries = OptionValues.count(name, value, 0, 5);
        case "--ad-server" -> c.adServers.addAll(splitHosts(name, value));
        case "--ad-site" -> c.adSite = requireNonBlank(name, value);
        case "--ad-bind-dn" -> c.adBindDn = requireNonBlank(name, value);
        case "--ad-password-env" -> adPasswordEnv = requireNonBlank(name, value);
        case "--local-xml" -> {
          int eq = value.indexOf('=');
          if (eq <= 0 || eq == value.length() - 1) {
            throw new UsageException(name + ": expected DOMAIN=FILE or ADDRESS=FILE, got '" + value + "'");
          }
          c.localXml.put(value.substring(0, eq).strip(), Path.of(value.substring(eq + 1).strip()));
        }
        case "--cache-file" -> c.cacheFile = Path.of(requireNonBlank(name, value));
        case "--v2-protocol" -> {
          try {
            c.v2Protocol = V2Protocol.parse(value);
          } catch (IllegalArgumentException e) {
            throw new UsageException("--v2-protocol: " + e.getMessage(), e);
          }
        }
        case "--protocol" -> {
          try {
            c.protocol = ProtocolChoice.parse(value);
          } catch (IllegalArgumentException e) {
            throw new UsageException("--protocol: " + e.getMessage(), e);
          }
        }
        case "--ad-dns" -> c.adDns = true;
        case "--ad-starttls" -> c.adStartTls = true;
        case "--ad-gssapi" -> c.adGssapi = true;
        case "--prefer-local-xml" -> c.preferLocalXml = true;
        case "--no-cache" -> c.noCache = true;
        case "--cache-first" -> c.cacheFirst = true;
        case "--password-stdin" -> passwordStdin = true;
        case "--pre-auth" -> c.preAuth = true;
        case "--sequential" -> c.sequential = true;
        case "--strict-priority" -> c.strictPriority = true;
        case "--json" -> c.json = true;
        default -> c.help = true; // -h, --help
      }
    }
    if (c.help) {
      return c;
    }
    if (c.email == null && emailRequired) {
      throw new UsageException("missing email address: resolve <email> [options]");
    }
    if (c.sequential && c.stagger != null) {
      throw new UsageException("--sequential and --stagger exclude each other");
    }
    if (c.priorityWindow != null && (c.strictPriority || c.sequential)) {
      throw new UsageException("--priority-window excludes " + (c.strictPriority ? "--strict-priority" : "--sequential")
          + " (which keeps Outlook's exact order: no window)");
    }
    if (passwordEnv != null && passwordStdin) {
      throw new UsageException("--password-env and --password-stdin exclude each other");
    }
    if ((passwordEnv != null || passwordStdin) && c.user == null) {
      throw new UsageException("a password option needs --user");
    }
    if (c.user != null && passwordEnv == null && !passwordStdin) {
      throw new UsageException("--user needs --password-env VAR or --password-stdin (never a password on the command line)");
    }
    if (passwordEnv != null) {
      String pw = env.get(passwordEnv);
      if (pw == null || pw.isEmpty()) {
        throw new UsageException("--password-env: environment variable " + passwordEnv + " is not set or empty");
      }
      c.password = pw.toCharArray();
    } else if (passwordStdin) {
      c.password = readLine(in);
    }
    if (c.tokenEnv != null && (env.get(c.tokenEnv) == null || env.get(c.tokenEnv).isEmpty())) {
      throw new UsageException("--token-env: environment variable " + c.tokenEnv + " is not set or empty");
    }
    if (caCert != null) {
      c.sslContext = PemTrust.fromFile(Path.of(caCert));
    }
    if (c.adDns && !c.adServers.isEmpty()) {
      throw new UsageException("--ad-dns and --ad-server exclude each other");
    }
    boolean adUsed = c.adDns || !c.adServers.isEmpty();
    if (!adUsed && (c.adSite != null || c.adBindDn != null || c.adStartTls || c.adGssapi || adPasswordEnv != null)) {
      throw new UsageException("Active Directory options need --ad-server URL or --ad-dns");
    }
    if ((c.adBindDn == null) != (adPasswordEnv == null)) {
      throw new UsageException("--ad-bind-dn and --ad-password-env go together (never a password on the command line)");
    }
    if (c.adBindDn != null && c.adGssapi) {
      throw new UsageException("--ad-bind-dn and --ad-gssapi exclude each other");
    }
    if (adPasswordEnv != null) {
      String pw = env.get(adPasswordEnv);
      if (pw == null || pw.isEmpty()) {
        throw new UsageException("--ad-password-env: environment variable " + adPasswordEnv + " is not set or empty");
      }
      c.adPassword = pw.toCharArray();
    }
    if (c.noCache && (c.cacheFile != null || c.cacheFirst)) {
      throw new UsageException("--no-cache excludes --cache-file and --cache-first");
    }
    CommandLineOptions.checkMethodsLeft(c.only, c.excluded);
    return c;
  }

  /**
   * Builds the one client of this command from the environment options (proxy, CA certificate, DNS, Active
   * Directory, trust list, redirect budget, local XML files, cache). Wipes the directory password held here.
   *
   * @return a new client; the caller closes it
   * @throws UsageException if the builder rejects a value
   */
  AutodiscoverClient newClient() throws UsageException {
    try {
      return CommandLineOptions.client(this);
    } finally {
      if (adPassword != null) {
        Arrays.fill(adPassword, '\0');
        adPassword = null;
      }
    }
  }

  /**
   * Applies the per-call options (methods, credentials, budgets, order, protocol) to a request or a batch.
   * Wipes the password held here.
   *
   * @param <T> the request type
   * @param base the request or batch, made on the client of {@link #newClient()}
   * @return the configured request or batch
   * @throws UsageException if the request rejects a value
   */
  <T extends DiscoveryOptions<T>> T applyTo(T base) throws UsageException {
    try {
      return CommandLineOptions.apply(this, base);
    } finally {
      wipeSecrets();
    }
  }

  private static Map.Entry<DiscoveryMethod, String> methodValue(String option, String value) throws UsageException {
    int eq = value.indexOf('=');
    if (eq <= 0 || eq == value.length() - 1) {
      throw new UsageException(option + ": expected METHOD=VALUE, e.g. dns-srv=2s, got '" + value + "'");
    }
    List<DiscoveryMethod> m = OptionValues.methods(option, value.substring(0, eq));
    if (m.size() != 1) {
      throw new UsageException(option + ": name exactly one method before '='");
    }
    return Map.entry(m.get(0), value.substring(eq + 1).strip());
  }

  private static List<String> splitHosts(String option, String value) throws UsageException {
    List<String> hosts = new ArrayList<>();
    for (String h : value.split(",", -1)) {
      hosts.add(requireNonBlank(option, h.strip()));
    }
    return hosts;
  }

  private static String requireNonBlank(String option, String value) throws UsageException {
    if (value.isBlank()) {
      throw new UsageException("option " + option + " needs a non-empty value");
    }
    return value;
  }

  private static char[] readLine(InputStream in) throws UsageException {
    try {
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line = reader.readLine();
      if (line == null || line.isEmpty()) {
        throw new UsageException("--password-stdin: no password on standard input");
      }
      return line.toCharArray();
    } catch (IOException e) {
      throw new UsageException("--password-stdin: cannot read standard input: " + e.getMessage(), e);
    }
  }
}
