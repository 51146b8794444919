package dev.autodiscover;

import java.net.IDN;
import java.util.Locale;
import java.util.Objects;

/**
 * A validated, normalised SMTP address.
 *
 * <p>{@link #parse(String)} trims the input, splits it at the last {@code @}, lower-cases the domain and
 * converts an internationalised domain to its ASCII (punycode) form, so that {@code Jan@Bücher.Example}
 * becomes {@code Jan@xn--bcher-kva.example}. The local part keeps its case. Instances are immutable and
 * compare equal when their local parts are equal ignoring case and their domains are equal.
 */
public final class EmailAddress {
  private static final int MAX_LOCAL_PART = 64;
  private static final int MAX_ADDRESS = 254;
  private static final int MAX_LABEL = 63;

  private final String localPart;
  private final String domain;

  private EmailAddress(String localPart, String domain) {
    this.localPart = localPart;
    this.domain = domain;
  }

  /**
   * Parses and normalises an SMTP address.
   *
   * @param address the address, for example {@code jan.novak@contoso.com}; surrounding white space is
   *     ignored
   * @return the normalised address
   * @throws InvalidEmailAddressException if the address is malformed; the message says what is wrong
   */
  public static EmailAddress parse(String address) {
    Objects.requireNonNull(address, "address");
    String trimmed = address.strip();
    if (trimmed.isEmpty()) {
      throw new InvalidEmailAddressException("The email address is empty; pass an address such as jan@contoso.com.");
    }
    int at = trimmed.lastIndexOf('@');
    if (at < 0) {
      throw invalid(trimmed, "it has no '@'; pass an address such as jan@contoso.com");
    }
    String local = trimmed.substring(0, at);
    String rawDomain = trimmed.substring(at + 1);
    if (local.isEmpty()) {
      throw invalid(trimmed, "the part before '@' is empty");
    }
    if (local.length() > MAX_LOCAL_PART) {
      throw invalid(trimmed, "the part before '@' is longer than " + MAX_LOCAL_PART + " characters");
    }
    for (int i = 0; i < local.length(); i++) {
      char c = local.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw invalid(trimmed, "the part before '@' contains white space or a control character");
      }
    }
    if (rawDomain.isEmpty()) {
      throw invalid(trimmed, "the domain after '@' is empty");
    }
    if (rawDomain.startsWith("[")) {
      throw invalid(trimmed, "IP address literals are not supported; Autodiscover needs a DNS domain");
    }
    if (rawDomain.endsWith(".")) {
      rawDomain = rawDomain.substring(0, rawDomain.length() - 1);
    }
    String ascii;
    try {
      ascii = IDN.toASCII(rawDomain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw invalid(trimmed, "the domain '" + rawDomain + "' is not a valid host name (" + e.getMessage() + ")");
    }
    if (ascii.isEmpty() || ascii.startsWith(".") || ascii.contains("..")) {
      throw invalid(trimmed, "the domain '" + rawDomain + "' has an empty label");
    }
    if (!ascii.contains(".")) {
      throw invalid(trimmed, "the domain '" + rawDomain + "' has only one label; use a full domain such as contoso.com");
    }
    for (String label : ascii.split("\\.")) {
      if (label.length() > MAX_LABEL) {
        throw invalid(trimmed, "a label of the domain is longer than " + MAX_LABEL + " characters");
      }
    }
    if (local.length() + 1 + ascii.length() > MAX_ADDRESS) {
      throw invalid(trimmed, "it is longer than " + MAX_ADDRESS + " characters");
    }
    return new EmailAddress(local, ascii);
  }

  private static InvalidEmailAddressException invalid(String input, String problem) {
    return new InvalidEmailAddressException("Invalid email address '" + input + "': " + problem + ".");
  }

  /**
   * Returns the part before the {@code @}, as given.
   *
   * @return the local part, never empty
   */
  public String localPart() {
    return localPart;
  }

  /**
   * Returns the domain in lower-case ASCII (punycode for internationalised names), without a trailing dot.
   *
   * @return the domain, never empty
   */
  public String domain() {
    return domain;
  }

  /**
   * Returns the normalised address, {@code localPart@domain}.
   *
   * @return the address
   */
  @Override
  public String toString() {
    return localPart + "@" + domain;
  }

  /**
   * Compares local parts ignoring case and domains exactly (they are already lower case).
   *
   * @param o the other object
   * @return whether both denote the same mailbox address
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof EmailAddress other
        && localPart.equalsIgnoreCase(other.localPart)
        && domain.equals(other.domain);
  }

  /**
   * Returns a hash code consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(localPart.toLowerCase(Locale.ROOT), domain);
  }
}
