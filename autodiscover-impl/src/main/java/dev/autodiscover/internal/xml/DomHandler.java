package dev.autodiscover.internal.xml;

import jakarta.xml.bind.ValidationEventHandler;
import jakarta.xml.bind.annotation.W3CDomHandler;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.dom.DOMResult;
import org.w3c.dom.DOMImplementation;

/**
 * The DOM handler of the models' {@code @XmlAnyElement} lists: the element the unmarshaller captures goes into a new
 * empty document made by one shared {@link DOMImplementation}. JAXB's default handler leaves the document to the
 * identity transformer, which makes a new {@code DocumentBuilder} (a whole Xerces parser configuration) for every
 * captured element: about half the CPU time of parsing a POX answer. Nothing is parsed here: the elements come from
 * the hardened reader of {@link HardenedXml}. Stateless and thread-safe (JAXB shares one instance per property).
 */
public final class DomHandler extends W3CDomHandler {
  private static final DOMImplementation DOM = domImplementation();

  /** Made by JAXB, once per {@code @XmlAnyElement} property of a context. */
  public DomHandler() {
    super();
  }

  @Override
  public DOMResult createUnmarshaller(ValidationEventHandler errorHandler) {
    return new DOMResult(DOM.createDocument(null, null, null));
  }

  private static DOMImplementation domImplementation() {
    try {
      return DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().getDOMImplementation();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser cannot make documents", e);
    }
  }
}
