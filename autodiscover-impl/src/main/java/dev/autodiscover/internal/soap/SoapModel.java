package dev.autodiscover.internal.soap;

import dev.autodiscover.internal.xml.DomHandler;
import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementWrapper;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

/**
 * The JAXB model of a SOAP Autodiscover answer: the SOAP 1.1 envelope, the {@code GetUserSettings} and
 * {@code GetDomainSettings} response messages and the SOAP fault. Elements without an explicit namespace are in
 * {@link #AUTODISCOVER_NS} (set for the package in {@code package-info.java}).
 *
 * <p>{@code UserSetting} is polymorphic on the wire ({@code xsi:type}); the model reads every shape into one
 * class, whose {@code Value} holds a string setting and whose other children a collection. Instances are
 * filled by JAXB through field access and never leave the package.
 */
final class SoapModel {
  /** SOAP 1.1 envelope namespace. */
  static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
  /** The Autodiscover namespace of the messages (servers use {@code http://}, whatever documentation prints). */
  static final String AUTODISCOVER_NS = "http://schemas.microsoft.com/exchange/2010/Autodiscover";

  private SoapModel() {}

  /** {@code soap:Envelope}. */
  @XmlRootElement(name = "Envelope", namespace = SOAP_NS)
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class Envelope {
    @XmlElement(name = "Header", namespace = SOAP_NS)
    @Nullable Header header;

    @XmlElement(name = "Body", namespace = SOAP_NS)
    @Nullable Body body;
  }

  /** {@code soap:Header}: only {@code ServerVersionInfo} is read; Action and the rest are kept as DOM. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class Header {
    @XmlElement(name = "ServerVersionInfo")
    @Nullable ServerVersionInfo serverVersionInfo;

    @XmlAnyElement(DomHandler.class)
    List<Element> other = new ArrayList<>();
  }

  /** {@code ServerVersionInfo} (protocol.md §4.2); numbers are kept as text and checked by the codec. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class ServerVersionInfo {
    @XmlElement(name = "MajorVersion")
    @Nullable String majorVersion;

    @XmlElement(name = "MinorVersion")
    @Nullable String minorVersion;

    @XmlElement(name = "MajorBuildNumber")
    @Nullable String majorBuildNumber;

    @XmlElement(name = "MinorBuildNumber")
    @Nullable String minorBuildNumber;

    @XmlElement(name = "Version")
    @Nullable String version;
  }

  /** {@code soap:Body}: one of the two response messages or a fault; anything else is kept as DOM. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class Body {
    @XmlElement(name = "GetUserSettingsResponseMessage")
    @Nullable UserMessage userMessage;

    @XmlElement(name = "GetDomainSettingsResponseMessage")
    @Nullable DomainMessage domainMessage;

    @XmlElement(name = "Fault", namespace = SOAP_NS)
    @Nullable Fault fault;

    @XmlAnyElement(DomHandler.class)
    List<Element> other = new ArrayList<>();
  }

  /** {@code GetUserSettingsResponseMessage}. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class UserMessage {
    @XmlElement(name = "Response")
    @Nullable UserResponseSet response;
  }

  /** {@code GetDomainSettingsResponseMessage}. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class DomainMessage {
    @XmlElement(name = "Response")
    @Nullable DomainResponseSet response;
  }

  /** {@code Response} of {@code GetUserSettings}: the whole-request result and the per-user results. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class UserResponseSet {
    @XmlElement(name = "ErrorCode")
    @Nullable String errorCode;

    @XmlElement(name = "ErrorMessage")
    @Nullable String errorMessage;

    @XmlElementWrapper(name = "UserResponses")
    @XmlElement(name = "UserResponse")
    @Nullable List<Entry> responses;
  }

  /** {@code Response} of {@code GetDomainSettings}: the whole-request result and the per-domain results. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class DomainResponseSet {
    @XmlElement(name = "ErrorCode")
    @Nullable String errorCode;

    @XmlElement(name = "ErrorMessage")
    @Nullable String errorMessage;

    @XmlElementWrapper(name = "DomainResponses")
    @XmlElement(name = "DomainResponse")
    @Nullable List<Entry> responses;
  }

  /** A {@code UserResponse} or {@code DomainResponse}: the two differ only in their element names. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class Entry {
    @XmlElement(name = "ErrorCode")
    @Nullable String errorCode;

    @XmlElement(name = "ErrorMessage")
    @Nullable String errorMessage;

    @XmlElement(name = "RedirectTarget")
    @Nullable String redirectTarget;

    @XmlElementWrapper(name = "UserSettingErrors")
    @XmlElement(name = "UserSettingError")
    @Nullable List<SettingError> userSettingErrors;

    @XmlElementWrapper(name = "UserSettings")
    @XmlElement(name = "UserSetting")
    @Nullable List<Setting> userSettings;

    @XmlElementWrapper(name = "DomainSettingErrors")
    @XmlElement(name = "DomainSettingError")
    @Nullable List<SettingError> domainSettingErrors;

    @XmlElementWrapper(name = "DomainSettings")
    @XmlElement(name = "DomainSetting")
    @Nullable List<Setting> domainSettings;
  }

  /** {@code UserSettingError} / {@code DomainSettingError}. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class SettingError {
    @XmlElement(name = "ErrorCode")
    @Nullable String errorCode;

    @XmlElement(name = "ErrorMessage")
    @Nullable String errorMessage;

    @XmlElement(name = "SettingName")
    @Nullable String settingName;
  }

  /** {@code UserSetting} / {@code DomainSetting} of any {@code xsi:type}. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class Setting {
    @XmlElement(name = "Name")
    @Nullable String name;

    @XmlElement(name = "Value")
    @Nullable String value;

    /** The collection of a collection-valued setting ({@code AlternateMailboxes}, {@code WebClientUrls}, ...). */
    @XmlAnyElement(DomHandler.class)
    List<Element> other = new ArrayList<>();
  }

  /** {@code soap:Fault} (SOAP 1.1: unqualified children). */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class Fault {
    @XmlElement(name = "faultcode", namespace = "")
    @Nullable String faultCode;

    @XmlElement(name = "faultstring", namespace = "")
    @Nullable String faultString;

    @XmlElement(name = "faultactor", namespace = "")
    @Nullable String faultActor;

    @XmlElement(name = "detail", namespace = "")
    @Nullable Detail detail;
  }

  /** {@code detail} of a fault: its elements, whatever their namespace. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class Detail {
    @XmlAnyElement(DomHandler.class)
    List<Element> children = new ArrayList<>();
  }
}
