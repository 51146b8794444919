package dev.autodiscover.internal.poxold;

import dev.autodiscover.internal.xml.DomHandler;
import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

/**
 * The JAXB model of a POX answer. Every element lives in {@link #MODEL_NS} (set for the package in
 * {@code package-info.java}); the hardened reader maps the real response namespaces onto it.
 *
 * <p>The model types only what the codec branches on; everything else is kept as DOM elements
 * ({@link XmlAnyElement}) or attributes ({@link XmlAnyAttribute}) so nothing the server sent is dropped.
 * Instances are filled by JAXB through field access and never leave the package.
 */
final class PoxModel {
  /** The private namespace the JAXB model is bound to. */
  static final String MODEL_NS = "urn:dev.autodiscover:internal:pox-response";

  private PoxModel() {}

  /** {@code Autodiscover}, the root. */
  @XmlRootElement(name = "Autodiscover")
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class Root {
    @XmlElement(name = "Response")
    @Nullable Response response;
  }

  /** {@code Response}: the user and account, or a generic error. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class Response {
    @XmlElement(name = "User")
    @Nullable Children user;

    @XmlElement(name = "Account")
    @Nullable Account account;

    @XmlElement(name = "Error")
    @Nullable Error error;

    /** Other children (for example {@code Culture}), kept but not used. */
    @XmlAnyElement(DomHandler.class)
    List<Element> other = new ArrayList<>();
  }

  /** {@code Account}: the typed blocks; every other child (Action, AccountType, ...) stays a DOM element. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class Account {
    @XmlElement(name = "Protocol")
    List<Protocol> protocols = new ArrayList<>();

    @XmlElement(name = "AlternativeMailbox")
    List<Children> alternativeMailboxes = new ArrayList<>();

    @XmlElement(name = "PublicFolderInformation")
    List<PublicFolderInformation> publicFolderInformation = new ArrayList<>();

    @XmlElement(name = "Error")
    @Nullable Error error;

    /** Action, AccountType, RedirectAddr, RedirectUrl, MicrosoftOnline and anything unknown, in order. */
    @XmlAnyElement(DomHandler.class)
    List<Element> other = new ArrayList<>();
  }

  /** A {@code Protocol} block, kept whole: its attributes ({@code Type}, {@code Version}) and children. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class Protocol {
    @XmlAnyAttribute
    Map<QName, String> attributes = new LinkedHashMap<>();

    @XmlAnyElement(DomHandler.class)
    List<Element> children = new ArrayList<>();
  }

  /** An element whose children are kept as they are ({@code User}, {@code AlternativeMailbox}). */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class Children {
    @XmlAnyElement(DomHandler.class)
    List<Element> children = new ArrayList<>();
  }

  /** {@code PublicFolderInformation}. */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class PublicFolderInformation {
    @XmlElement(name = "SmtpAddress")
    @Nullable String smtpAddress;

    @XmlAnyElement(DomHandler.class)
    List<Element> other = new ArrayList<>();
  }

  /** {@code Error} (protocol.md §3.14). */
  @XmlAccessorType(XmlAccessType.FIELD)
  static final class Error {
    @XmlAttribute(name = "Time")
    @Nullable String time;

    @XmlAttribute(name = "Id")
    @Nullable String id;

    @XmlElement(name = "ErrorCode")
    @Nullable String errorCode;

    @XmlElement(name = "Message")
    @Nullable String message;

    @XmlElement(name = "DebugData")
    @Nullable String debugData;

    @XmlAnyElement(DomHandler.class)
    List<Element> other = new ArrayList<>();
  }
}
