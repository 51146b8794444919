package dev.autodiscover.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

@Timeout(10)
class DnsResponderTest {
  private static final String CONTOSO = "_autodiscover._tcp.contoso.com";

  private DnsResponder dns;

  @BeforeEach
  void setUp() {
    dns = DnsResponder.start();
  }

  @AfterEach
  void tearDown() {
    dns.close();
  }

  @Test
  void udp_answersSrvRecordsWithTheQueryId() throws Exception {
    dns.srv(CONTOSO, 10, 50, 443, "mail.hoster.example").srv(CONTOSO + ".", 20, 0, 8443, ".");
    Message query = query("_AUTODISCOVER._tcp.Contoso.com.", Type.SRV);

    Message response = udp(query);

    assertThat(response.getHeader().getID()).isEqualTo(query.getHeader().getID());
    assertThat(response.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
    List<Record> answers = response.getSection(Section.ANSWER);
    assertThat(answers).hasSize(2).allMatch(SRVRecord.class::isInstance);
    SRVRecord first = (SRVRecord) answers.get(0);
    assertThat(first.getPriority()).isEqualTo(10);
    assertThat(first.getWeight()).isEqualTo(50);
    assertThat(first.getPort()).isEqualTo(443);
    assertThat(first.getTarget()).isEqualTo(Name.fromString("mail.hoster.example."));
    assertThat(((SRVRecord) answers.get(1)).getTarget()).isEqualTo(Name.root);
    assertThat(dns.udpQueries()).isEqualTo(1);
    assertThat(dns.queries()).containsExactly("UDP _AUTODISCOVER._tcp.Contoso.com. SRV");
  }

  @Test
  void tcp_answersSeveralQueriesOnOneConnection() throws Exception {
    dns.srv(CONTOSO, 10, 50, 443, "mail.hoster.example").nxdomain("_autodiscover._tcp.fabrikam.com");

    try (Socket socket = new Socket(dns.address().getAddress(), dns.address().getPort())) {
      Message found = tcp(socket, query(CONTOSO + ".", Type.SRV));
      Message missing = tcp(socket, query("_autodiscover._tcp.fabrikam.com.", Type.SRV));

      assertThat(found.getSection(Section.ANSWER)).hasSize(1);
      assertThat(missing.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }
    assertThat(dns.tcpQueries()).isEqualTo(2);
    assertThat(dns.udpQueries()).isZero();
  }

  @Test
  void answers_followTheBehaviourSetPerName() throws Exception {
    dns.servfail("a.example").noRecords("b.example").refused("c.example").srv("d.example", 1, 1, 1, "x.example");

    assertThat(udp(query("a.example.", Type.SRV)).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(udp(query("b.example.", Type.SRV)).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(udp(query("b.example.", Type.SRV)).getSection(Section.ANSWER)).isEmpty();
    assertThat(udp(query("c.example.", Type.SRV)).getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(udp(query("unknown.example.", Type.SRV)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    Message otherType = udp(query("d.example.", Type.A));
    assertThat(otherType.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(otherType.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void lastBehaviourWins_andSrvRecordsAddUp() throws Exception {
    dns.nxdomain(CONTOSO).srv(CONTOSO, 1, 1, 443, "a.example").srv(CONTOSO, 2, 1, 443, "b.example");
    assertThat(udp(query(CONTOSO + ".", Type.SRV)).getSection(Section.ANSWER)).hasSize(2);

    dns.servfail(CONTOSO);
    assertThat(udp(query(CONTOSO + ".", Type.SRV)).getRcode()).isEqualTo(Rcode.SERVFAIL);
  }

  @Test
  void truncateUdp_setsTcOverUdpAndAnswersInFullOverTcp() throws Exception {
    dns.srv(CONTOSO, 10, 50, 443, "mail.hoster.example").truncateUdp(CONTOSO);

    Message overUdp = udp(query(CONTOSO + ".", Type.SRV));
    Message overTcp;
    try (Socket socket = new Socket(dns.address().getAddress(), dns.address().getPort())) {
      overTcp = tcp(socket, query(CONTOSO + ".", Type.SRV));
    }

    assertThat(overUdp.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(overUdp.getSection(Section.ANSWER)).isEmpty();
    assertThat(overTcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(overTcp.getSection(Section.ANSWER)).hasSize(1);
  }

  @Test
  void udp_truncatesAnswersLargerThanTheClientBuffer() throws Exception {
    for (int i = 0; i < 30; i++) {
      dns.srv(CONTOSO, i, 0, 443, "host-" + i + ".a-rather-long-hosting-domain-name.example");
    }

    Message classic = udp(query(CONTOSO + ".", Type.SRV));
    Message withEdns = query(CONTOSO + ".", Type.SRV);
    withEdns.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    Message large = udp(withEdns);

    assertThat(classic.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(large.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(large.getSection(Section.ANSWER)).hasSize(30);
    assertThat(large.getOPT()).isNotNull();
  }

  @Test
  void silent_countsButNeverAnswers() throws Exception {
    dns.silent(CONTOSO);

    assertThatThrownBy(() -> udp(query(CONTOSO + ".", Type.SRV))).isInstanceOf(SocketTimeoutException.class);
    assertThat(dns.udpQueries()).isEqualTo(1);
  }

  @Test
  void malformedQuery_getsFormErrAndIsNotCounted() throws Exception {
    byte[] garbage = {0x12, 0x34, 0x00};

    Message response = new Message(exchangeUdp(garbage));

    assertThat(response.getHeader().getID()).isEqualTo(0x1234);
    assertThat(response.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(dns.udpQueries()).isZero();
    assertThat(dns.queries()).isEmpty();
  }

  @Test
  void invalidNames_areRejected() {
    assertThatThrownBy(() -> dns.srv("a..b", 1, 1, 1, "x.example")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> dns.srv(CONTOSO, 1, 1, 70_000, "x.example")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void close_stopsBothTransports() throws Exception {
    int port = dns.address().getPort();

    dns.close();
    dns.close();

    assertThatThrownBy(() -> new Socket(dns.address().getAddress(), port)).isInstanceOf(ConnectException.class);
    try (DatagramSocket rebound = new DatagramSocket(dns.address())) {
      assertThat(rebound.getLocalPort()).isEqualTo(port); // the UDP port was released
    }
  }

  private static Message query(String name, int type) throws IOException {
    return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
  }

  private Message udp(Message query) throws IOException {
    return new Message(exchangeUdp(query.toWire()));
  }

  private byte[] exchangeUdp(byte[] request) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(300);
      socket.send(new DatagramPacket(request, request.length, dns.address()));
      DatagramPacket reply = new DatagramPacket(new byte[65_535], 65_535);
      socket.receive(reply);
      return java.util.Arrays.copyOf(reply.getData(), reply.getLength());
    }
  }

  private static Message tcp(Socket socket, Message query) throws IOException {
    socket.setSoTimeout(2_000);
    byte[] wire = query.toWire();
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    out.writeShort(wire.length);
    out.write(wire);
    out.flush();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] reply = new byte[in.readUnsignedShort()];
    in.readFully(reply);
    return new Message(reply);
  }
}
