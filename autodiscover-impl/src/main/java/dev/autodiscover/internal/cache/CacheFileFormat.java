package dev.autodiscover.internal.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.CacheEntry;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.InvalidEmailAddressException;

/**
 * The file format of {@link FileSettingsCache}, one {@link Properties} entry each:
 * {@code format=dev.autodiscover.SettingsCache}, {@code version=1}, then {@code address.<identity>} or
 * {@code domain.<domain>} mapped to {@code endpoint|<storedAt>|<expiresAt>|<protocol>|<foundBy>|<uri>} (domain
 * entries append {@code |<identity>}) or {@code failure|<storedAt>|<expiresAt>|<reason>}. A URI cannot contain
 * {@code |}; the identity and the reason come last, so they may. Reading accepts only what writing produces
 * (normalised identities, cacheable endpoints and reasons); anything else makes the whole file unusable.
 */
final class CacheFileFormat {
  static final String FORMAT_KEY = "format";
  static final String FORMAT = "dev.autodiscover.SettingsCache";
  static final String VERSION_KEY = "version";
  static final String VERSION = "1";
  private static final String ADDRESS_PREFIX = "address.";
  private static final String DOMAIN_PREFIX = "domain.";
  private static final String ENDPOINT = "endpoint";
  private static final String FAILURE = "failure";

  /** Why a file was not accepted; the message never quotes the file's contents. */
  static final class UnusableFileException extends Exception {
    private static final long serialVersionUID = 1L;

    UnusableFileException(String problem) {
      super(problem, null, false, false);
    }
  }

  private CacheFileFormat() {}

  /**
   * Reads the entries of a file that are still fresh at {@code now}; an entry written with a longer TTL than
   * the reader's is only as fresh as the reader's TTL allows. An empty file has no entries.
   */
  static List<CacheEntry> parse(byte[] bytes, Instant now, Duration endpointTtl, Duration failureTtl)
      throws UnusableFileException {
    Properties properties = new Properties();
    try {
      // ISO-8859-1 with unicode escapes, as Properties.store(OutputStream) writes it.
      properties.load(new ByteArrayInputStream(bytes));
    } catch (IOException | IllegalArgumentException e) {
      throw new UnusableFileException("it is not a readable properties file");
    }
    List<CacheEntry> entries = new ArrayList<>();
    if (bytes.length == 0) {
      return entries;
    }
    if (!FORMAT.equals(properties.getProperty(FORMAT_KEY))) {
      throw new UnusableFileException("it has no '" + FORMAT_KEY + "=" + FORMAT + "' line, so it is not ours");
    }
    if (!VERSION.equals(properties.getProperty(VERSION_KEY))) {
      throw new UnusableFileException("its format version is not " + VERSION);
    }
    for (String key : properties.stringPropertyNames()) {
      if (key.equals(FORMAT_KEY) || key.equals(VERSION_KEY)) {
        continue;
      }
      CacheEntry entry = parseEntry(key, properties.getProperty(key));
      // An entry written with a longer TTL (another configuration) is only as fresh as ours allows.
      CacheEntry capped = entry instanceof CacheEntry.Endpoint e
          ? new CacheEntry.Endpoint(e.scope(), e.domain(), e.identity(), e.endpoint(), e.protocol(), e.foundBy(),
              e.storedAt(), min(e.expiresAt(), e.storedAt().plus(endpointTtl)))
          : new CacheEntry.Failure(entry.domain(), entry.identity(), ((CacheEntry.Failure) entry).reason(),
              entry.storedAt(), min(entry.expiresAt(), entry.storedAt().plus(failureTtl)));
      if (capped.isFreshAt(now)) {
        entries.add(capped);
      }
    }
    return entries;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static CacheEntry parseEntry(String key, String value) throws UnusableFileException {
    CacheEntry.Scope scope;
    String name;
    if (key.startsWith(ADDRESS_PREFIX)) {
      scope = CacheEntry.Scope.ADDRESS;
      name = key.substring(ADDRESS_PREFIX.length());
    } else if (key.startsWith(DOMAIN_PREFIX)) {
      scope = CacheEntry.Scope.DOMAIN;
      name = key.substring(DOMAIN_PREFIX.length());
    } else {
      throw new UnusableFileException("it has a key that is neither an address nor a domain entry");
    }
    String[] head = value.split("\\|", 4);
    if (head.length != 4) {
      throw new UnusableFileException("an entry has too few fields");
    }
    try {
      Instant storedAt = Instant.parse(head[1]);
      Instant expiresAt = Instant.parse(head[2]);
      if (head[0].equals(FAILURE) && scope == CacheEntry.Scope.ADDRESS) {
        String identity = checkedIdentity(name);
        return new CacheEntry.Failure(domainOf(identity), identity, CacheEntry.cacheableReason(head[3]), storedAt,
            expiresAt);
      }
      if (!head[0].equals(ENDPOINT)) {
        throw new UnusableFileException("an entry is neither an endpoint nor an address failure");
      }
      String[] rest = head[3].split("\\|", scope == CacheEntry.Scope.ADDRESS ? 3 : 4);
      if (rest.length != (scope == CacheEntry.Scope.ADDRESS ? 3 : 4)) {
        throw new UnusableFileException("an endpoint entry has too few fields");
      }
      String identity = checkedIdentity(scope == CacheEntry.Scope.ADDRESS ? name : rest[3]);
      String domain = domainOf(identity);
      if (scope == CacheEntry.Scope.DOMAIN && !domain.equals(name)) {
        throw new UnusableFileException("a domain entry names an address of another domain");
      }
      return new CacheEntry.Endpoint(scope, domain, identity, new URI(rest[2]),
          AutodiscoverProtocol.valueOf(rest[0]), DiscoveryMethod.valueOf(rest[1]), storedAt, expiresAt);
    } catch (DateTimeException e) {
      throw new UnusableFileException("an entry has a malformed time");
    } catch (URISyntaxException e) {
      throw new UnusableFileException("an entry has a malformed URI");
    } catch (IllegalArgumentException e) {
      // Unknown enum constant, a non-https or unclean endpoint, a blank reason, times out of order.
      throw new UnusableFileException("an entry has an invalid value");
    }
  }

  /** Accepts only an identity in the normalised form the stores write. */
  private static String checkedIdentity(String identity) throws UnusableFileException {
    EmailAddress parsed;
    try {
      parsed = EmailAddress.parse(identity);
    } catch (InvalidEmailAddressException e) {
      throw new UnusableFileException("an entry's address is malformed");
    }
    if (!CacheEntry.identityOf(parsed).equals(identity)) {
      throw new UnusableFileException("an entry's address is not normalised");
    }
    return identity;
  }

  private static String domainOf(String identity) {
    return identity.substring(identity.lastIndexOf('@') + 1);
  }

  /** Writes the entries, in the order given, as a file of this format. */
  static byte[] serialize(List<CacheEntry> entries) throws IOException {
    Properties properties = new Properties();
    properties.setProperty(FORMAT_KEY, FORMAT);
    properties.setProperty(VERSION_KEY, VERSION);
    for (CacheEntry entry : entries) {
      String times = "|" + entry.storedAt() + "|" + entry.expiresAt() + "|";
      if (entry instanceof CacheEntry.Failure f) {
        properties.setProperty(ADDRESS_PREFIX + f.identity(), FAILURE + times + f.reason());
        continue;
      }
      CacheEntry.Endpoint e = (CacheEntry.Endpoint) entry;
      if (e.scope() == CacheEntry.Scope.ADDRESS) {
        properties.setProperty(ADDRESS_PREFIX + e.identity(),
            ENDPOINT + times + e.protocol() + "|" + e.foundBy() + "|" + e.endpoint());
      } else {
        properties.setProperty(DOMAIN_PREFIX + e.domain(),
            ENDPOINT + times + e.protocol() + "|" + e.foundBy() + "|" + e.endpoint() + "|" + e.identity());
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    properties.store(out, "Autodiscover SDK settings cache (last known good endpoints); rewritten by the SDK");
    return out.toByteArray();
  }
}
