package dev.autodiscover;

import java.net.IDN;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated, normalised SMTP address.
 *
 * <p>{@link #parse(String)} trims the input, checks its syntax strictly (see there), lower-cases the domain
 * and converts an internationalised domain to its ASCII (punycode) form, so that {@code Jan@Bücher.Example}
 * becomes {@code Jan@xn--bcher-kva.example}. The local part keeps its case. Whether Autodiscover may run
 * for the domain at all (it must not be a public suffix) is not a question of syntax and is checked later,
 * see {@link InvalidEmailAddressException}. Instances are immutable and thread-safe, and compare equal when
 * their local parts are equal ignoring case and their domains are equal.
 */
public final class EmailAddress {
  private static final int MAX_LOCAL_PART = 64;
  private static final int MAX_DOMAIN = 253;
  private static final int MAX_ADDRESS = 254;
  private static final int MAX_LABEL = 63;
  /** How much of a rejected input a message quotes. */
  private static final int MAX_ECHO = 100;
  private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";
  /** A URI scheme or an Exchange address type in front of the address: {@code mailto:}, {@code SMTP:}. */
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:");
  /** The label separators IDNA recognises: full stop, ideographic and fullwidth full stops. */
  private static final Pattern LABEL_SEPARATOR = Pattern.compile("[.\u3002\uFF0E\uFF61]");

  private final String localPart;
  private final String domain;

  private EmailAddress(String localPart, String domain) {
    this.localPart = localPart;
    this.domain = domain;
  }

  /**
   * Parses and normalises an SMTP address, checking its syntax only (no DNS, no public suffix list).
   *
   * <p>The address must be a bare {@code local-part@domain} as RFC 5321 and RFC 5322 define it for dot-atoms:
   * exactly one {@code @}; a local part of at most 64 ASCII characters, letters, digits and
   * {@code ! # $ % & ' * + - / = ? ^ _ ` { | } ~}, with single dots between them (quoted local parts are
   * refused); a domain of at least two labels of letters, digits and hyphens (an internationalised domain
   * is converted to punycode first, and one trailing dot is dropped), at most 63 characters a label and 253
   * in all; at most 254 characters in all. No white space or control character may appear inside it, and no
   * URI scheme such as {@code mailto:} may precede it.
   *
   * @param address the address, for example {@code jan.novak@contoso.com}; surrounding white space is
   *     ignored
   * @return the normalised address
   * @throws NullPointerException if {@code address} is null
   * @throws InvalidEmailAddressException if the address is malformed; the message quotes the input (control
   *     and invisible characters shown as {@code \}{@code uXXXX}), says what is wrong and what to fix
   */
  public static EmailAddress parse(String address) {
    Objects.requireNonNull(address, "address");
    String input = address.strip();
    if (input.isEmpty()) {
      throw new InvalidEmailAddressException("The email address is empty; pass an address such as jan@contoso.com.");
    }
    Matcher scheme = SCHEME.matcher(input);
    if (scheme.lookingAt()) {
      String prefix = scheme.group();
      throw invalid(input, "it starts with '" + prefix + "'; remove the " + prefix
          + " prefix and pass the bare address, such as jan@contoso.com");
    }
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (isHidden(c)) {
        String what = c == ' ' ? "a space" : (Character.isISOControl(c) ? "the control character " : "the character ")
            + unicode(c);
        throw invalid(input, "it contains " + what + " at position " + (i + 1) + "; an address has no white space,"
            + " control or invisible characters, so remove it");
      }
    }
    if (input.startsWith("\"")) {
      throw invalid(input, "quoted local parts are not supported; use a mailbox name without quotes, such as"
          + " jan.novak@contoso.com");
    }
    int at = input.indexOf('@');
    if (at < 0) {
      throw invalid(input, "it has no '@'; pass an address such as jan@contoso.com");
    }
    long ats = input.chars().filter(c -> c == '@').count();
    if (ats > 1) {
      throw invalid(input, "it contains " + ats + " '@' characters; an address has exactly one, between the"
          + " mailbox name and the domain, such as jan@contoso.com");
    }
    String local = checkLocalPart(input, input.substring(0, at));
    String domain = checkDomain(input, input.substring(at + 1));
    if (local.length() + 1 + domain.length() > MAX_ADDRESS) {
      throw invalid(input, "it is " + (local.length() + 1 + domain.length()) + " characters long; at most "
          + MAX_ADDRESS + " are allowed");
    }
    return new EmailAddress(local, domain);
  }

  private static String checkLocalPart(String input, String local) {
    if (local.isEmpty()) {
      throw invalid(input, "the mailbox name before '@' is empty; pass an address such as jan@contoso.com");
    }
    if (local.length() > MAX_LOCAL_PART) {
      throw invalid(input, "the mailbox name before '@' is " + local.length() + " characters long; at most "
          + MAX_LOCAL_PART + " are allowed");
    }
    if (local.startsWith(".") || local.endsWith(".")) {
      throw invalid(input, "the mailbox name before '@' " + (local.startsWith(".") ? "starts" : "ends")
          + " with a dot; remove it");
    }
    if (local.contains("..")) {
      throw invalid(input, "the mailbox name before '@' has two dots in a row; use single dots");
    }
    for (int i = 0; i < local.length(); i++) {
      char c = local.charAt(i);
      if (c != '.' && !isAtext(c)) {
        throw invalid(input, "the mailbox name before '@' contains " + shown(c) + ", which is not allowed;"
            + " use ASCII letters, digits and ! # $ % & ' * + - / = ? ^ _ ` { | } ~, with single dots between");
      }
    }
    return local;
  }

  private static String checkDomain(String input, String raw) {
    if (raw.isEmpty()) {
      throw invalid(input, "the domain after '@' is empty; pass an address such as jan@contoso.com");
    }
    if (raw.startsWith("[")) {
      throw invalid(input, "IP address literals are not supported; Autodiscover needs a DNS domain, such as"
          + " contoso.com");
    }
    String[] labels = LABEL_SEPARATOR.split(raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw, -1);
    StringJoiner ascii = new StringJoiner(".");
    String lastLabel = "";
    for (String label : labels) {
      lastLabel = checkLabel(input, label);
      ascii.add(lastLabel);
    }
    String domain = ascii.toString().toLowerCase(Locale.ROOT);
    if (labels.length == 1) {
      throw invalid(input, "the domain '" + domain + "' has only one label; use a full domain such as contoso.com");
    }
    // Checked in ASCII: IDNA maps fullwidth digits (U+FF10..U+FF19) to ASCII ones.
    if (lastLabel.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid(input, "the domain '" + domain + "' ends in a numeric label, like an IP address; Autodiscover"
          + " needs a DNS domain, such as contoso.com");
    }
    if (domain.length() > MAX_DOMAIN) {
      throw invalid(input, "the domain is " + domain.length() + " characters long; at most " + MAX_DOMAIN
          + " are allowed");
    }
    return domain;
  }

  /** One label of the domain, in ASCII (punycode when it is internationalised). */
  private static String checkLabel(String input, String label) {
    if (label.isEmpty()) {
      throw invalid(input, "the domain after '@' has an empty label (a leading dot or two dots in a row); use a"
          + " domain such as contoso.com");
    }
    boolean asciiOnly = true;
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (c >= 0x80) {
        asciiOnly = false;
      } else if (!isLetterOrDigit(c) && c != '-') {
        throw invalid(input, "the domain after '@' contains " + shown(c) + ", which is not allowed in a host name;"
            + " use letters, digits and hyphens, with dots between labels");
      }
    }
    if (label.startsWith("-") || label.endsWith("-")) {
      throw invalid(input, "the domain label '" + shown(label) + "' " + (label.startsWith("-") ? "starts" : "ends")
          + " with a hyphen; host name labels start and end with a letter or digit");
    }
    String ascii = label;
    if (!asciiOnly) {
      try {
        ascii = IDN.toASCII(label, IDN.USE_STD3_ASCII_RULES);
      } catch (IllegalArgumentException e) {
        throw invalid(input, "the domain label '" + shown(label) + "' is not a valid internationalised host name"
            + " label; check its spelling");
      }
    }
    if (ascii.length() > MAX_LABEL) {
      throw invalid(input, "the domain label '" + shown(label) + "' is " + ascii.length() + " characters long"
          + (asciiOnly ? "" : " in ASCII (" + ascii + ")") + "; at most " + MAX_LABEL + " are allowed");
    }
    return ascii;
  }

  /** RFC 5322 atext: what a dot-atom may hold between its dots. */
  private static boolean isAtext(char c) {
    return isLetterOrDigit(c) || (c < 0x80 && ATEXT_SPECIALS.indexOf(c) >= 0);
  }

  private static boolean isLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** White space, control and invisible formatting characters: never part of an address, never echoed raw. */
  private static boolean isHidden(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
        || Character.getType(c) == Character.FORMAT;
  }

  private static String unicode(char c) {
    return String.format(Locale.ROOT, "\\u%04X", (int) c);
  }

  /** One character for a message: quoted when visible ASCII, with its code point otherwise. */
  private static String shown(char c) {
    if (isHidden(c)) {
      return unicode(c);
    }
    return c < 0x80 ? "'" + c + "'" : "'" + c + "' (" + unicode(c) + ")";
  }

  /** Text for a message: hidden characters other than a space shown as their code point, long text shortened. */
  private static String shown(String text) {
    StringBuilder out = new StringBuilder();
    int end = Math.min(text.length(), MAX_ECHO);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      out.append(isHidden(c) && c != ' ' ? unicode(c) : String.valueOf(c));
    }
    if (end < text.length()) {
      out.append("... (").append(text.length()).append(" characters)");
    }
    return out.toString();
  }

  private static InvalidEmailAddressException invalid(String input, String problem) {
    return new InvalidEmailAddressException("Invalid email address '" + shown(input) + "': " + problem + ".");
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
   * Returns this address with its domain held as the given, equal string (a batch shares one string per domain
   * among its addresses).
   *
   * @param sameDomain a string equal to {@link #domain()}
   * @return this address when it already holds that string, else an equal address that does
   * @throws IllegalArgumentException if {@code sameDomain} differs from the domain
   */
  EmailAddress withDomainString(String sameDomain) {
    if (sameDomain == domain) {
      return this;
    }
    if (!domain.equals(sameDomain)) {
      throw new IllegalArgumentException("not the domain of " + this + ": " + sameDomain);
    }
    return new EmailAddress(localPart, sameDomain);
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
