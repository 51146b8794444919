package dev.autodiscover.internal.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SoapEndpointsTest {
  @ParameterizedTest
  @CsvSource({
      "https://autodiscover.contoso.com/autodiscover/autodiscover.svc, https://autodiscover.contoso.com/autodiscover/autodiscover.svc",
      "https://autodiscover.contoso.com/Autodiscover/Autodiscover.xml, https://autodiscover.contoso.com/autodiscover/autodiscover.svc",
      "https://mail.contoso.com:8443/ex/autodiscover/autodiscover.xml, https://mail.contoso.com:8443/ex/autodiscover/autodiscover.svc",
      "https://outlook.office365.com/autodiscover/autodiscover.json/v1.0/a@contoso.com?Protocol=EWS, https://outlook.office365.com/autodiscover/autodiscover.svc",
      "https://mail.contoso.com:8443/autodiscover/autodiscover.json?Email=a@contoso.com, https://mail.contoso.com:8443/autodiscover/autodiscover.svc"})
  void soapUrl_ofPoxSoapAndV2Endpoints_isTheSvcUrlOnTheSameHostAndPort(String endpoint, String expected) {
    assertThat(SoapEndpoints.soapUrl(URI.create(endpoint))).hasToString(expected);
  }

  @ParameterizedTest
  @CsvSource({
      "https://autodiscover.contoso.com/autodiscover/autodiscover.svc, https://autodiscover.contoso.com/autodiscover/autodiscover.xml",
      "https://autodiscover.contoso.com/autodiscover/autodiscover.xml, https://autodiscover.contoso.com/autodiscover/autodiscover.xml",
      "https://outlook.office365.com/autodiscover/autodiscover.json/v1.0/a@contoso.com, https://outlook.office365.com/autodiscover/autodiscover.xml"})
  void poxUrl_ofPoxSoapAndV2Endpoints_isTheXmlUrlOnTheSameHost(String endpoint, String expected) {
    assertThat(SoapEndpoints.poxUrl(URI.create(endpoint))).hasToString(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "file:///etc/autodiscover/contoso.xml",
      "http://autodiscover.contoso.com/autodiscover/autodiscover.xml",
      "https://autodiscover.contoso.com/owa/",
      "https://autodiscover.contoso.com/autodiscover/autodiscover.svc/wssecurity",
      "https://user@autodiscover.contoso.com/autodiscover/autodiscover.svc"})
  void soapUrl_ofAnythingElse_isNull(String endpoint) {
    assertThat(SoapEndpoints.soapUrl(URI.create(endpoint))).isNull();
    assertThat(SoapEndpoints.poxUrl(URI.create(endpoint))).isNull();
  }
}
