package dev.autodiscover.internal.scp;

import dev.autodiscover.ActiveDirectory;
import dev.autodiscover.internal.scp.ScpResult.Status;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javax.naming.AuthenticationException;
import javax.naming.AuthenticationNotSupportedException;
import javax.naming.CommunicationException;
import javax.naming.NamingException;
import javax.naming.ServiceUnavailableException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Runs the SCP lookup of protocol.md §2.3.2 against Active Directory: find a directory server, read RootDSE,
 * search the configuration partition for Autodiscover service connection points, follow pointers to other
 * forests, rank the URLs by AD site, and return them in the order to try.
 *
 * <p>Directory servers are tried in order until one answers (connects, binds, returns RootDSE and the search);
 * an unreachable or failing server is logged and skipped, but a bind the server rejects ends the lookup with
 * {@link Status#BIND_REFUSED} at once, so wrong credentials are not replayed against every domain controller
 * (account lockout). A pointer is followed with the same bind settings. Each followed pointer is an SCP hop,
 * bounded by {@link ActiveDirectory#maxPointerHops()}; a pointer to a server already searched ends the lookup
 * with {@link Status#LOOP}. Only {@code https://} URLs whose path ends in {@code /autodiscover/autodiscover.xml}
 * (any case), without user information, query or fragment, are returned; others are logged and dropped.
 *
 * <p>Thread-safe; the JNDI work runs on the executor given to the constructor, one task per lookup.
 */
public final class ScpLookup {
  private static final String AUTODISCOVER_PATH = "/autodiscover/autodiscover.xml";

  private final DirectoryLocator locator;
  private final Executor blockingExecutor;

  /**
   * Creates a lookup.
   *
   * @param locator finds directory servers when {@link ActiveDirectory#serverUrls()} is empty
   * @param blockingExecutor runs the blocking LDAP work; should allow blocking (for example a cached or virtual
   *     thread pool)
   */
  public ScpLookup(DirectoryLocator locator, Executor blockingExecutor) {
    this.locator = Objects.requireNonNull(locator, "locator");
    this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor");
  }

  /**
   * Runs the §2.3.2 procedure on the executor (JNDI blocks). Directory problems never complete the future
   * exceptionally: they are statuses of the {@link ScpResult}, whose log says what happened step by step.
   * {@code cancelled} is checked between LDAP operations; when it returns {@code true}, or when the returned
   * future is cancelled, the lookup stops and the future completes with a {@link CancellationException}.
   *
   * @param query what to look up
   * @param cancelled polled between LDAP operations; may be called from the executor's thread
   * @return a future with the result; completes exceptionally only when cancelled, when the executor rejects
   *     the task, or on a bug
   */
  public CompletableFuture<ScpResult> lookup(ScpQuery query, BooleanSupplier cancelled) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(cancelled, "cancelled");
    CompletableFuture<ScpResult> result = new CompletableFuture<>();
    BooleanSupplier stop = () -> result.isDone() || cancelled.getAsBoolean();
    try {
      blockingExecutor.execute(() -> {
        try {
          result.complete(new Run(query, stop).run());
        } catch (CancellationException e) {
          result.completeExceptionally(e);
        } catch (RuntimeException | Error e) {
          result.completeExceptionally(e);
          if (e instanceof Error error) {
            throw error;
          }
        }
      });
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  /** State of one lookup; confined to the executor thread that runs it. */
  private final class Run {
    private final ScpQuery query;
    private final BooleanSupplier cancelled;
    private final List<String> log = new ArrayList<>();
    private final Set<String> visited = new HashSet<>();
    private int hops;

    Run(ScpQuery query, BooleanSupplier cancelled) {
      this.query = query;
      this.cancelled = cancelled;
    }

    ScpResult run() {
      ActiveDirectory ad = query.directory();
      log.add("SCP lookup for domain " + query.emailDomain() + " (" + ad + ")");
      List<URI> servers = ad.serverUrls();
      if (servers.isEmpty()) {
        Optional<List<URI>> located = locate(ad);
        if (located.isEmpty()) {
          return end(Status.NO_DIRECTORY, "no directory server was located for "
              + ad.adDomain().orElse(query.emailDomain()));
        }
        servers = located.get();
      }
      while (true) {
        LdapReader.checkCancelled(cancelled);
        Searched searched = searchFirstAnswering(servers);
        if (searched.failure != null) {
          return searched.failure;
        }
        Decision decision = decide(Objects.requireNonNull(searched.server), Objects.requireNonNull(searched.answer));
        if (decision.result != null) {
          return decision.result;
        }
        URI next = Objects.requireNonNull(decision.next);
        Optional<ScpResult> stop = hop(next);
        if (stop.isPresent()) {
          return stop.get();
        }
        servers = List.of(next);
      }
    }

    private Optional<List<URI>> locate(ActiveDirectory ad) {
      String adDomain = ad.adDomain().orElse(query.emailDomain());
      String site = ad.site().orElse(null);
      log.add("locating directory servers of " + adDomain + (site == null ? "" : " in site " + site) + " (DNS)");
      List<URI> found;
      try {
        found = locator.locate(adDomain, site).get(query.timeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted while locating directory servers");
      } catch (TimeoutException e) {
        log.add("directory server location did not answer within " + query.timeout().toMillis() + " ms");
        return Optional.empty();
      } catch (ExecutionException e) {
        log.add("directory server location failed: " + LdapReader.describe(e.getCause() == null ? e : e.getCause()));
        return Optional.empty();
      } catch (RuntimeException e) {
        log.add("directory server location failed: " + LdapReader.describe(e));
        return Optional.empty();
      }
      List<URI> servers = new ArrayList<>();
      for (URI uri : found == null ? List.<URI>of() : found) {
        parseServer(String.valueOf(uri)).ifPresent(servers::add);
      }
      if (servers.isEmpty()) {
        log.add("no directory server located");
        return Optional.empty();
      }
      log.add("located " + servers);
      return Optional.of(servers);
    }

    private Searched searchFirstAnswering(List<URI> servers) {
      @Nullable String refusal = null;
      boolean failed = false;
      String lastProblem = "";
      for (URI server : servers) {
        LdapReader.checkCancelled(cancelled);
        try {
          LdapReader.Answer answer = LdapReader.read(server, query, cancelled, log);
          visited.add(key(server));
          return new Searched(server, answer, null);
        } catch (LdapReader.ClearTextRefused e) {
          refusal = e.getMessage();
          lastProblem = refusal;
          log.add("LDAP " + server + ": " + e.getMessage());
        } catch (AuthenticationException | AuthenticationNotSupportedException e) {
          String text = "bind rejected by " + server + ": " + LdapReader.describe(e)
              + "; check the bind settings (not retried against other servers)";
          log.add("LDAP " + server + ": " + text);
          return new Searched(server, null, end(Status.BIND_REFUSED, text));
        } catch (NamingException e) {
          lastProblem = LdapReader.describe(e);
          if (unreachable(e)) {
            log.add("LDAP " + server + ": not reachable, skipped: " + lastProblem);
          } else {
            failed = true;
            log.add("LDAP " + server + ": failed, skipped: " + lastProblem);
          }
        }
      }
      if (refusal != null) {
        // Nothing was sent to a refused server, so "gave no answer" would mislead: say why it was not used, even
        // when another server failed after it.
        String detail = servers.size() == 1 ? refusal
            : "none of the directory servers " + servers + " could be used; " + refusal
                + (refusal.equals(lastProblem) ? "" : "; last: " + lastProblem);
        return new Searched(null, null, end(Status.BIND_REFUSED, detail));
      }
      Status status = failed ? Status.ERROR : Status.NO_DIRECTORY;
      String detail = servers.size() == 1
          ? "directory server " + servers.get(0) + " gave no answer: " + lastProblem
          : "none of the directory servers " + servers + " gave an answer; last: " + lastProblem;
      return new Searched(null, null, end(status, detail));
    }

    private Decision decide(URI server, LdapReader.Answer answer) {
      String domain = query.emailDomain();
      @Nullable String fallback = null;
      for (ScpObject object : answer.objects()) {
        if (!object.isPointer()) {
          continue;
        }
        List<String> domains = object.domains();
        if (domains.isEmpty()) {
          if (fallback == null) {
            fallback = object.firstBinding().orElse(null);
            log.add("SCP pointer " + object.dn() + ": no Domain= keyword, fallback directory "
                + (fallback == null ? "(none: no serviceBindingInformation)" : fallback) + " if no URL is found");
          } else {
            log.add("SCP pointer " + object.dn() + ": no Domain= keyword, ignored (a fallback is already recorded)");
          }
        } else if (domains.stream().anyMatch(domain::equalsIgnoreCase)) {
          Optional<URI> target = object.firstBinding().flatMap(this::parseServer);
          if (target.isPresent()) {
            log.add("SCP pointer " + object.dn() + ": Domain=" + domain + " matches, discarding this directory's"
                + " results and following it to " + target.get());
            return Decision.follow(target.get());
          }
          log.add("SCP pointer " + object.dn() + ": Domain=" + domain + " matches but has no usable LDAP URL,"
              + " ignored");
        } else {
          log.add("SCP pointer " + object.dn() + ": for " + String.join(", ", domains) + ", ignored (other domain)");
        }
      }
      List<URI> urls = collectUrls(answer.objects());
      if (!urls.isEmpty()) {
        return Decision.done(end(Status.FOUND, urls.size() + " Autodiscover URL(s) from " + server, urls));
      }
      if (fallback != null) {
        Optional<URI> target = parseServer(fallback);
        if (target.isPresent()) {
          log.add("no Autodiscover URL in " + server + ", following the fallback pointer to " + target.get());
          return Decision.follow(target.get());
        }
      }
      return Decision.done(end(Status.NO_SCP, "directory " + server + " publishes no usable Autodiscover URL for "
          + domain));
    }

    private List<URI> collectUrls(List<ScpObject> objects) {
      @Nullable String site = query.directory().site().orElse(null);
      Map<Integer, List<String>> buckets = new LinkedHashMap<>();
      for (int bucket = 1; bucket <= 3; bucket++) {
        buckets.put(bucket, new ArrayList<>());
      }
      for (ScpObject object : objects) {
        if (!object.isUrl() || object.isPointer()) {
          continue;
        }
        List<String> sites = object.sites();
        int bucket;
        String why;
        if (sites.isEmpty()) {
          bucket = 2;
          why = "no Site= keyword";
        } else if (site != null && sites.stream().anyMatch(site::equalsIgnoreCase)) {
          bucket = 1;
          why = "Site=" + site + " matches";
        } else {
          bucket = 3;
          why = "Site=" + String.join(",", sites) + (site == null ? ", client site unknown" : ", not " + site);
        }
        if (object.bindings().isEmpty()) {
          log.add("SCP URL " + object.dn() + ": no serviceBindingInformation, ignored");
          continue;
        }
        for (String binding : object.bindings()) {
          log.add("SCP URL " + object.dn() + ": bucket " + bucket + " (" + why + "): " + redact(binding.strip()));
          buckets.get(bucket).add(binding.strip());
        }
      }
      Set<String> seen = new HashSet<>();
      List<URI> urls = new ArrayList<>();
      for (List<String> bucket : buckets.values()) {
        for (String candidate : bucket) {
          if (!seen.add(candidate.toLowerCase(Locale.ROOT))) {
            log.add("duplicate " + redact(candidate) + " dropped");
            continue;
          }
          Optional<URI> url = autodiscoverUrl(candidate);
          if (url.isPresent()) {
            urls.add(url.get());
          }
        }
      }
      return urls;
    }

    private Optional<URI> autodiscoverUrl(String candidate) {
      URI uri;
      try {
        uri = new URI(candidate);
      } catch (URISyntaxException e) {
        log.add("dropped " + redact(candidate) + ": not a valid URL");
        return Optional.empty();
      }
      String path = uri.getPath();
      if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null
          || uri.getRawQuery() != null || uri.getRawFragment() != null || path == null
          || !path.toLowerCase(Locale.ROOT).endsWith(AUTODISCOVER_PATH)) {
        log.add("dropped " + redact(candidate) + ": not an https:// Autodiscover URL (…" + AUTODISCOVER_PATH + ")");
        return Optional.empty();
      }
      return Optional.of(uri);
    }

    private Optional<ScpResult> hop(URI next) {
      int limit = query.directory().maxPointerHops();
      if (visited.contains(key(next))) {
        return Optional.of(end(Status.LOOP, "pointer to " + next + " leads back to a directory already searched"
            + " in this lookup"));
      }
      if (hops >= limit) {
        return Optional.of(end(Status.HOP_LIMIT, "pointer to " + next + " not followed: the limit of " + limit
            + " SCP pointer hop(s) is reached"));
      }
      hops++;
      log.add("SCP hop " + hops + " of at most " + limit + ": " + next);
      return Optional.empty();
    }

    private Optional<URI> parseServer(String ldapUrl) {
      try {
        return Optional.of(ActiveDirectory.servers(ldapUrl).serverUrls().get(0));
      } catch (IllegalArgumentException e) {
        log.add("unusable LDAP server address " + ldapUrl + ": " + e.getMessage());
        return Optional.empty();
      }
    }

    private ScpResult end(Status status, String detail) {
      return end(status, detail, List.of());
    }

    private ScpResult end(Status status, String detail, List<URI> urls) {
      log.add(status + ": " + detail + (urls.isEmpty() ? "" : " " + urls));
      return new ScpResult(status, urls, log, detail);
    }
  }

  // Connection refused, unknown host, connect or read timeout: the server is not there. A TLS failure is not
  // "unreachable": the server answered with a certificate we do not trust, which the caller must fix.
  private static boolean unreachable(NamingException e) {
    if (e instanceof LdapReader.StartTlsFailed || e.getRootCause() instanceof SSLException) {
      return false;
    }
    String message = e.getMessage();
    return e instanceof CommunicationException || e instanceof ServiceUnavailableException
        || (message != null && message.contains("timed out"));
  }

  /** Hides user information ({@code https://user:secret@host}) that a directory might publish in a URL. */
  private static String redact(String url) {
    return url.replaceFirst("(?<=://)[^/@]*@", "***@");
  }

  private static String key(URI server) {
    int port = server.getPort() >= 0 ? server.getPort() : server.getScheme().equals("ldaps") ? 636 : 389;
    return server.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }

  private record Searched(@Nullable URI server, LdapReader.@Nullable Answer answer, @Nullable ScpResult failure) {}

  private record Decision(@Nullable URI next, @Nullable ScpResult result) {
    static Decision follow(URI next) {
      return new Decision(next, null);
    }

    static Decision done(ScpResult result) {
      return new Decision(null, result);
    }
  }
}
