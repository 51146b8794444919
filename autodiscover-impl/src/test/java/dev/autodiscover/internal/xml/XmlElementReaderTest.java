package dev.autodiscover.internal.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;

/** {@link HardenedXml#readElement} and the {@link XmlElement} tree it builds. */
class XmlElementReaderTest {
  private static final QName ROOT = new QName("urn:r", "r");

  @Test
  void readElement_buildsTheTree() throws Exception {
    XmlElement root = HardenedXml.readElement("""
         <?xml version="1.0"?>
        <!-- before --><r xmlns="urn:r" xmlns:p="urn:p" b="2" p:a="1">one<!-- c -->&amp;<?pi x?><![CDATA[<two>]]>\
        <p:c x="y"> in </p:c> three <d/>&#64;four </r>""", ROOT);

    assertThat(root.namespace()).isEqualTo("urn:r");
    assertThat(root.prefix()).isEmpty();
    assertThat(root.localName()).isEqualTo("r");
    assertThat(root.attributes()).containsExactly(new XmlElement.Attribute("", "", "b", "2"),
        new XmlElement.Attribute("urn:p", "p", "a", "1"));
    assertThat(root.attribute("urn:p", "a")).isEqualTo("1");
    assertThat(root.attribute("", "a")).isNull();
    assertThat(root.text()).isEqualTo("one&<two> three @four ");
    assertThat(root.trailingText()).isEqualTo("@four ");
    assertThat(root.children()).hasSize(2);
    XmlElement c = root.children().get(0);
    assertThat(c.toString()).isEqualTo("{urn:p}c");
    assertThat(c.prefix()).isEqualTo("p");
    assertThat(c.text()).isEqualTo(" in ");
    assertThat(c.trailingText()).isEqualTo(" in ");
    assertThat(c.attributes()).singleElement().hasToString("x");
    XmlElement d = root.children().get(1);
    assertThat(d.namespace()).isEqualTo("urn:r");
    assertThat(d.text()).isEmpty();
    assertThat(d.children()).isEmpty();
  }

  @Test
  void readElement_nestingOf64Levels_isRead_65Fails() throws Exception {
    String ok = "<r xmlns=\"urn:r\">" + "<a>".repeat(63) + "x" + "</a>".repeat(63) + "</r>";
    String deep = "<r xmlns=\"urn:r\">" + "<a>".repeat(64) + "x" + "</a>".repeat(64) + "</r>";

    XmlElement e = HardenedXml.readElement(ok, ROOT);
    for (int i = 0; i < 63; i++) {
      e = e.children().get(0);
    }
    assertThat(e.text()).isEqualTo("x");
    assertThatThrownBy(() -> HardenedXml.readElement(deep, ROOT)).isInstanceOf(NotAutodiscoverException.class)
        .hasMessage("malformed XML: elements nested deeper than 64 levels");
  }

  @Test
  void readElement_refusesDoctypeEntitiesForeignRootsAndTrailingContent() {
    assertThatThrownBy(() -> HardenedXml.readElement("<!DOCTYPE r [<!ENTITY e \"x\">]><r xmlns=\"urn:r\">&e;</r>",
        ROOT)).isInstanceOf(NotAutodiscoverException.class).hasMessage("DOCTYPE is not allowed");
    assertThatThrownBy(() -> HardenedXml.readElement("<r xmlns=\"urn:r\">&nbsp;</r>", ROOT))
        .isInstanceOf(NotAutodiscoverException.class).hasMessage("malformed XML: undeclared entity &nbsp;");
    assertThatThrownBy(() -> HardenedXml.readElement("<r xmlns=\"urn:x\"/>", ROOT))
        .isInstanceOf(NotAutodiscoverException.class)
        .hasMessage("root element is {urn:x}r, not in the response namespace urn:r");
    assertThatThrownBy(() -> HardenedXml.readElement("<s xmlns=\"urn:r\"/>", ROOT))
        .isInstanceOf(NotAutodiscoverException.class).hasMessage("root element is {urn:r}s, not r");
    assertThatThrownBy(() -> HardenedXml.readElement("<r xmlns=\"urn:r\"/><r xmlns=\"urn:r\"/>", ROOT))
        .isInstanceOf(NotAutodiscoverException.class).hasMessageStartingWith("malformed XML: line 1, column ");
    assertThatThrownBy(() -> HardenedXml.readElement("<r xmlns=\"urn:r\"><:a/></r>", ROOT))
        .isInstanceOf(NotAutodiscoverException.class).hasMessage("malformed XML: line 1, column 23: Element or"
            + " attribute \":a\" do not match QName production: QName::=(NCName:)?NCName.");
    assertThatThrownBy(() -> HardenedXml.readElement("<r xmlns=\"urn:r\"><a :b=\"c\"/></r>", ROOT))
        .isInstanceOf(NotAutodiscoverException.class).hasMessageContaining("\":b\" do not match QName");
  }

  @Test
  void warmUp_returnsNormally() {
    HardenedXml.warmUp();
    HardenedXml.warmUp();
  }
}
