package dev.autodiscover.internal.soap;

import dev.autodiscover.DomainSettingError;
import dev.autodiscover.DomainSettingName;
import dev.autodiscover.DomainSettings;
import dev.autodiscover.UserSettingError;
import dev.autodiscover.UserSettingName;
import dev.autodiscover.UserSettings;
import dev.autodiscover.internal.Lazy;
import dev.autodiscover.internal.xml.HardenedXml;
import dev.autodiscover.internal.xml.NotAutodiscoverException;
import dev.autodiscover.internal.xml.XmlBody;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.xml.namespace.QName;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Writes SOAP Autodiscover requests and reads the answers (protocol.md §4): {@code GetUserSettings} and
 * {@code GetDomainSettings} over SOAP 1.1 with WS-Addressing headers.
 *
 * <p>Answers are read with the shared hardened XML reader ({@link HardenedXml}: size limit, content-type
 * check, no DTD or entities, depth limit, root check). A well-formed answer becomes a {@link SoapResponse}
 * with errors at all three levels (whole request, per user, per setting) as values; a body that is no SOAP
 * Autodiscover answer at all is a {@link NotAutodiscoverException}.
 *
 * <p>Thread-safe. The JAXB context is made at the first parse in the JVM and shared by every codec, so making a
 * codec is cheap and a process that never reads a SOAP answer never pays for it; the parse methods throw
 * {@link IllegalStateException} if no JAXB runtime is available. Methods throw
 * {@link NullPointerException} for null arguments not marked {@link Nullable}.
 */
public final class SoapCodec {
  /** The largest body the parse methods read. */
  public static final int MAX_BODY_BYTES = HardenedXml.MAX_BODY_BYTES;
  /** Most users (or domains) per request (protocol.md §4.3 SDK rule). */
  public static final int MAX_ENTRIES_PER_REQUEST = 100;
  /** The schema version to request for widest compatibility (protocol.md §4.2). */
  public static final String DEFAULT_SERVER_VERSION = "Exchange2010";

  /** SOAP 1.1 is {@code text/xml}; some servers label faults {@code application/soap+xml}. */
  private static final Set<String> MEDIA_TYPES = Set.of("text/xml", "application/xml", "application/soap+xml");
  private static final QName ROOT = new QName(SoapModel.SOAP_NS, "Envelope");
  private static final String NO_ERROR = "NoError";
  private static final int MAX_TEXT = 1000;

  /** The JVM's one JAXB context for the SOAP model, made at the first parse. */
  private static final Lazy<JAXBContext> CONTEXT = Lazy.of(SoapCodec::newContext);

  private SoapCodec() {}

  /**
   * Creates a codec. Cheap: the JAXB context is made at the first parse.
   *
   * @return a new codec
   */
  public static SoapCodec create() {
    return new SoapCodec();
  }

  private static JAXBContext newContext() {
    try {
      return JAXBContext.newInstance(SoapModel.Envelope.class);
    } catch (JAXBException e) {
      throw new IllegalStateException("Cannot create the JAXB context for SOAP Autodiscover (it needs"
          + " org.glassfish.jaxb:jaxb-runtime and, on the module path, this package opened to jakarta.xml.bind): "
          + e.getMessage(), e);
    }
  }

  /**
   * Returns a {@code GetUserSettings} request envelope (protocol.md §4.3, §4.9.1).
   *
   * @param endpoint the {@code autodiscover.svc} URL the request is sent to (it goes into {@code wsa:To})
   * @param mailboxes the SMTP addresses to ask about, 1 to {@value #MAX_ENTRIES_PER_REQUEST}; results come
   *     back in this order
   * @param settings the settings to ask for, at least one, written in the set's iteration order
   * @param requestedServerVersion the schema version, for example {@value #DEFAULT_SERVER_VERSION} or
   *     {@code Exchange2013_SP1}
   * @return the envelope as UTF-8 bytes, with an XML declaration
   * @throws IllegalArgumentException if the endpoint is not an absolute URI, a list is empty or too long, a
   *     mailbox is blank or holds a control character, or the version is not of the form
   *     {@code Exchange20NN[_SPn]}
   */
  public byte[] getUserSettingsRequest(URI endpoint, List<String> mailboxes, Set<UserSettingName> settings,
      String requestedServerVersion) {
    return SoapRequestWriter.getUserSettings(endpoint, mailboxes, settings, requestedServerVersion);
  }

  /**
   * Returns a {@code GetDomainSettings} request envelope (protocol.md §4.5).
   *
   * @param endpoint the {@code autodiscover.svc} URL the request is sent to (it goes into {@code wsa:To})
   * @param domains the domains to ask about, 1 to {@value #MAX_ENTRIES_PER_REQUEST}; results come back in
   *     this order
   * @param settings the settings to ask for, at least one, written in the set's iteration order
   * @param requestedServerVersion the schema version, for example {@value #DEFAULT_SERVER_VERSION}
   * @return the envelope as UTF-8 bytes, with an XML declaration
   * @throws IllegalArgumentException if the endpoint is not an absolute URI, a list is empty or too long, a
   *     domain is blank or holds a control character, or the version is not of the form
   *     {@code Exchange20NN[_SPn]}
   */
  public byte[] getDomainSettingsRequest(URI endpoint, List<String> domains, Set<DomainSettingName> settings,
      String requestedServerVersion) {
    return SoapRequestWriter.getDomainSettings(endpoint, domains, settings, requestedServerVersion);
  }

  /**
   * Parses a {@code GetUserSettings} answer (any HTTP status: faults come with 500).
   *
   * @param body the response body as received
   * @param contentType the response {@code Content-Type} header, or null when there was none
   * @return the per-user results, a whole-request error or a fault
   * @throws NotAutodiscoverException if the body is not a SOAP {@code GetUserSettings} answer (wrong content
   *     type, too large, not well-formed, a DOCTYPE, no SOAP envelope, another message in the body, ...)
   */
  public SoapResponse<UserSettings> parseGetUserSettings(byte[] body, @Nullable String contentType)
      throws NotAutodiscoverException {
    SoapModel.Envelope envelope = read(body, contentType);
    SoapModel.Body soapBody = bodyOf(envelope);
    if (soapBody.fault != null) {
      return fault(soapBody.fault);
    }
    if (soapBody.userMessage == null) {
      throw wrongMessage(soapBody, "GetUserSettingsResponseMessage");
    }
    SoapModel.UserResponseSet response = soapBody.userMessage.response;
    if (response == null) {
      throw new NotAutodiscoverException("GetUserSettingsResponseMessage has no Response");
    }
    return answer(envelope, response.errorCode, response.errorMessage, response.responses, SoapCodec::userSettings);
  }

  /**
   * Parses a {@code GetDomainSettings} answer (any HTTP status: faults come with 500).
   *
   * @param body the response body as received
   * @param contentType the response {@code Content-Type} header, or null when there was none
   * @return the per-domain results, a whole-request error or a fault
   * @throws NotAutodiscoverException if the body is not a SOAP {@code GetDomainSettings} answer
   */
  public SoapResponse<DomainSettings> parseGetDomainSettings(byte[] body, @Nullable String contentType)
      throws NotAutodiscoverException {
    SoapModel.Envelope envelope = read(body, contentType);
    SoapModel.Body soapBody = bodyOf(envelope);
    if (soapBody.fault != null) {
      return fault(soapBody.fault);
    }
    if (soapBody.domainMessage == null) {
      throw wrongMessage(soapBody, "GetDomainSettingsResponseMessage");
    }
    SoapModel.DomainResponseSet response = soapBody.domainMessage.response;
    if (response == null) {
      throw new NotAutodiscoverException("GetDomainSettingsResponseMessage has no Response");
    }
    return answer(envelope, response.errorCode, response.errorMessage, response.responses,
        SoapCodec::domainSettings);
  }

  // ---------------------------------------------------------------- answers

  private SoapModel.Envelope read(byte[] body, @Nullable String contentType) throws NotAutodiscoverException {
    String text = HardenedXml.readText(body, contentType, MEDIA_TYPES);
    return HardenedXml.unmarshal(
        CONTEXT.get(), text, SoapModel.Envelope.class, ROOT, Set.of(), SoapModel.AUTODISCOVER_NS);
  }

  private static SoapModel.Body bodyOf(SoapModel.Envelope envelope) throws NotAutodiscoverException {
    if (envelope.body == null) {
      throw new NotAutodiscoverException("SOAP Envelope has no Body");
    }
    return envelope.body;
  }

  private static NotAutodiscoverException wrongMessage(SoapModel.Body body, String expected) {
    String found;
    if (body.userMessage != null) {
      found = "GetUserSettingsResponseMessage";
    } else if (body.domainMessage != null) {
      found = "GetDomainSettingsResponseMessage";
    } else if (!body.other.isEmpty()) {
      Element first = body.other.get(0);
      found = HardenedXml.describe(first.getNamespaceURI(), XmlBody.localName(first));
    } else {
      return new NotAutodiscoverException("SOAP Body is empty, expected " + expected);
    }
    return new NotAutodiscoverException("SOAP Body holds " + found + ", not " + expected);
  }

  private static <S> SoapResponse<S> fault(SoapModel.Fault fault) {
    String code = text(fault.faultCode);
    code = code.substring(code.indexOf(':') + 1);
    Map<String, String> detail = new LinkedHashMap<>();
    if (fault.detail != null) {
      for (Element child : fault.detail.children) {
        detail.putIfAbsent(XmlBody.localName(child), XmlBody.excerpt(child.getTextContent(), MAX_TEXT));
      }
    }
    return new SoapResponse.Fault<>(code, text(fault.faultString), detail);
  }

  private static <S> SoapResponse<S> answer(SoapModel.Envelope envelope, @Nullable String errorCode,
      @Nullable String errorMessage, @Nullable List<SoapModel.Entry> entries,
      Function<SoapModel.Entry, S> settings) {
    String code = text(errorCode);
    if (!code.isEmpty() && !code.equals(NO_ERROR)) {
      return new SoapResponse.RequestError<>(code, text(errorMessage));
    }
    List<SoapResult<S>> results = new ArrayList<>();
    if (entries != null) {
      for (SoapModel.Entry entry : entries) {
        results.add(result(entry, settings));
      }
    }
    return new SoapResponse.Answer<>(results, serverVersion(envelope));
  }

  private static <S> SoapResult<S> result(SoapModel.Entry entry, Function<SoapModel.Entry, S> settings) {
    String code = text(entry.errorCode);
    String message = text(entry.errorMessage);
    String target = text(entry.redirectTarget);
    switch (code.isEmpty() ? NO_ERROR : code) {
      case NO_ERROR -> {
        return new SoapResult.Settings<>(settings.apply(entry));
      }
      case "RedirectAddress" -> {
        return target.isEmpty() ? missingTarget(code, message) : new SoapResult.RedirectAddress<>(target);
      }
      case "RedirectUrl" -> {
        return target.isEmpty() ? missingTarget(code, message) : new SoapResult.RedirectUrl<>(target);
      }
      default -> {
        return new SoapResult.Error<>(code, message);
      }
    }
  }

  private static <S> SoapResult<S> missingTarget(String code, String message) {
    String note = "no RedirectTarget given";
    return new SoapResult.Error<>(code, message.isEmpty() ? note : message + " (" + note + ")");
  }

  private static UserSettings userSettings(SoapModel.Entry entry) {
    UserSettings.Builder builder = UserSettings.builder();
    for (SoapModel.Setting setting : orEmpty(entry.userSettings)) {
      String name = text(setting.name);
      if (name.isEmpty()) {
        continue; // nothing to key it by
      }
      Element collection = firstElement(setting.other);
      if (collection != null && setting.value == null) {
        builder.collection(name, entries(collection));
      } else {
        builder.setting(name, setting.value == null ? "" : setting.value);
      }
    }
    for (SoapModel.SettingError error : orEmpty(entry.userSettingErrors)) {
      builder.settingError(
          new UserSettingError(text(error.settingName), text(error.errorCode), text(error.errorMessage)));
    }
    return builder.build();
  }

  private static DomainSettings domainSettings(SoapModel.Entry entry) {
    DomainSettings.Builder builder = DomainSettings.builder();
    for (SoapModel.Setting setting : orEmpty(entry.domainSettings)) {
      String name = text(setting.name);
      if (!name.isEmpty()) {
        builder.setting(name, setting.value == null ? "" : setting.value);
      }
    }
    for (SoapModel.SettingError error : orEmpty(entry.domainSettingErrors)) {
      builder.settingError(
          new DomainSettingError(text(error.settingName), text(error.errorCode), text(error.errorMessage)));
    }
    return builder.build();
  }

  /** The entries of a collection element: each child element's children by local name, repeats numbered. */
  private static List<Map<String, String>> entries(Element collection) {
    List<Map<String, String>> entries = new ArrayList<>();
    for (Node n = collection.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element item) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Node f = item.getFirstChild(); f != null; f = f.getNextSibling()) {
          if (f instanceof Element field) {
            String key = XmlBody.localName(field);
            int i = 2;
            while (fields.containsKey(key)) {
              key = XmlBody.localName(field) + "[" + i++ + "]";
            }
            fields.put(key, field.getTextContent().strip());
          }
        }
        entries.add(fields);
      }
    }
    return entries;
  }

  private static SoapResponse.@Nullable ServerVersion serverVersion(SoapModel.Envelope envelope) {
    SoapModel.ServerVersionInfo info = envelope.header == null ? null : envelope.header.serverVersionInfo;
    if (info == null) {
      return null;
    }
    try {
      return new SoapResponse.ServerVersion(Integer.parseInt(text(info.majorVersion)),
          Integer.parseInt(text(info.minorVersion)), Integer.parseInt(text(info.majorBuildNumber)),
          Integer.parseInt(text(info.minorBuildNumber)), text(info.version));
    } catch (NumberFormatException e) {
      return null; // informational only; a broken header does not spoil the answer
    }
  }

  private static @Nullable Element firstElement(List<Element> elements) {
    return elements.isEmpty() ? null : elements.get(0);
  }

  private static <T> List<T> orEmpty(@Nullable List<T> list) {
    return list == null ? List.of() : list;
  }

  /** Trimmed text, empty for null; very long server texts are shortened. */
  private static String text(@Nullable String value) {
    if (value == null) {
      return "";
    }
    String stripped = value.strip();
    return stripped.length() <= MAX_TEXT ? stripped : XmlBody.excerpt(stripped, MAX_TEXT);
  }

}
