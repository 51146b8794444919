package dev.autodiscover.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectoryForestTest {
  // protocol.md §2.3.2 step 3, with the GUIDs in another case than stored: keywords match case-insensitively.
  private static final String SCP_FILTER = "(&(objectClass=serviceConnectionPoint)"
      + "(|(keywords=67661D7F-8FC4-4FA7-BFAC-E1D7794C1F68)(keywords=77378f46-2c66-4aa9-a6a6-3e7a48b19596)))";

  private static LDAPConnection connect(DirectoryForest forest) throws LDAPException {
    return new LDAPConnection(InetAddress.getLoopbackAddress().getHostAddress(), forest.port());
  }

  @Test
  void rootDseNamesTheConfigurationPartitionWhereScpObjectsAreFound() throws Exception {
    try (DirectoryForest forest = DirectoryForest.start("dc1.corp.contoso.com", "DC=corp,DC=contoso,DC=com")) {
      String london = forest.addScpUrl("LON-EX01", "https://lon.contoso.com/Autodiscover/Autodiscover.xml",
          "Site=London");
      String pointer = forest.addScpPointer("Resource forest", "LDAP://dc1.fabrikam.net", "Domain=contoso.com");
      forest.addOtherService("printers");

      assertThat(forest.url()).isEqualTo("ldap://dc1.corp.contoso.com:" + forest.port());
      assertThat(forest.configurationDn()).isEqualTo("CN=Configuration,DC=corp,DC=contoso,DC=com");
      assertThat(forest.bindDn()).isEqualTo("CN=svc-autodiscover,CN=Users,DC=corp,DC=contoso,DC=com");
      try (LDAPConnection ldap = connect(forest)) {
        String configuration = ldap.getRootDSE().getAttributeValue("configurationNamingContext");
        SearchResult result = ldap.search(configuration, SearchScope.SUB, SCP_FILTER, "keywords",
            "serviceBindingInformation");

        assertThat(configuration).isEqualTo(forest.configurationDn());
        assertThat(result.getSearchEntries()).extracting(SearchResultEntry::getDN)
            .containsExactlyInAnyOrder(london, pointer);
        SearchResultEntry url = ldap.getEntry(london);
        assertThat(url.getAttributeValues("keywords")).containsExactly(DirectoryForest.URL_KEYWORD, "Site=London");
        assertThat(url.getAttributeValue("serviceBindingInformation"))
            .isEqualTo("https://lon.contoso.com/Autodiscover/Autodiscover.xml");
        assertThat(london).startsWith("CN=LON-EX01,CN=Autodiscover,CN=Protocols,CN=LON-EX01,CN=Servers,")
            .endsWith(configuration);
        assertThat(ldap.getEntry(pointer).getAttributeValues("keywords"))
            .containsExactly(DirectoryForest.POINTER_KEYWORD, "Domain=contoso.com");
      }
      List<String> requests = forest.requests();
      assertThat(requests).anySatisfy(r -> assertThat(r).endsWith(" search " + forest.configurationDn()));
      assertThat(requests).allSatisfy(r -> assertThat(r).matches("\\d+ (search|bind|extended|sasl) .*"));
    }
  }

  @Test
  void objectsWithOddKeywordsAndEscapedNamesAreStoredAsGiven() throws Exception {
    try (DirectoryForest forest = DirectoryForest.start("dc1.fabrikam.net", "DC=fabrikam,DC=net")) {
      String odd = forest.addScpWithKeywords("EX,01", "https://ex01.fabrikam.net/autodiscover/autodiscover.xml",
          "site=london");

      try (LDAPConnection ldap = connect(forest)) {
        SearchResultEntry entry = ldap.getEntry(odd);
        assertThat(entry.getAttributeValues("keywords")).containsExactly("site=london");
        assertThat(entry.getRDN().getAttributeValues()).containsExactly("EX,01");
        assertThat(ldap.search(forest.configurationDn(), SearchScope.SUB, SCP_FILTER).getEntryCount()).isZero();
      }
    }
  }

  @Test
  void closeStopsTheServer() throws Exception {
    DirectoryForest forest = DirectoryForest.start("dc1.corp.contoso.com", "DC=corp,DC=contoso,DC=com");
    connect(forest).close();

    forest.close();
    forest.close();

    assertThatThrownBy(() -> connect(forest)).isInstanceOf(LDAPException.class);
  }

  @Test
  void badInputIsRefusedWithTheReason() {
    assertThatThrownBy(() -> DirectoryForest.start("dc1.corp.contoso.com:389", "DC=corp"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host name");
    assertThatThrownBy(() -> DirectoryForest.start("dc1.corp.contoso.com", "not a dn"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a distinguished name");
    assertThatThrownBy(() -> DirectoryForest.start("dc1.corp.contoso.com", "O=Contoso"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DC=");
    try (DirectoryForest forest = DirectoryForest.start("dc1.corp.contoso.com", "DC=corp,DC=contoso,DC=com")) {
      forest.addScpUrl("EX01", "https://ex01.contoso.com/Autodiscover/Autodiscover.xml");
      assertThatThrownBy(() -> forest.addScpUrl("EX01", "https://ex01.contoso.com/Autodiscover/Autodiscover.xml"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CN=EX01");
    }
  }
}
