package dev.autodiscover.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The loopback DNS server of {@code warmUp()}'s rehearsal, over real UDP. */
class RehearsalDnsTest {
  @Test
  void answersAQueryWithNxdomain_echoingItsIdAndQuestion() throws Exception {
    try (RehearsalDns dns = RehearsalDns.start()) {
      boolean answeredBefore = dns.answered().isDone();
      SimpleResolver resolver = new SimpleResolver(dns.address());
      resolver.setTimeout(Duration.ofSeconds(10));
      Record question = Record.newRecord(Name.fromString("_autodiscover._tcp.example.com."), Type.SRV, DClass.IN);
      Message query = Message.newQuery(question);

      Message answer = resolver.send(query);

      assertThat(answer.getHeader().getID()).isEqualTo(query.getHeader().getID());
      assertThat(answer.getRcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(answer.getHeader().getFlag(Flags.QR)).isTrue();
      assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
      assertThat(answer.getHeader().getFlag(Flags.RD)).isTrue();
      assertThat(answer.getSection(Section.QUESTION)).containsExactly(question);
      assertThat(answer.getSection(Section.ANSWER)).isEmpty();
      assertThat(answeredBefore).isFalse();
      dns.answered().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  @Test
  void dropsADatagramThatIsNotAQuery_andAnswersTheNextQuery() throws Exception {
    try (RehearsalDns dns = RehearsalDns.start(); DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(10_000);
      Record question = Record.newRecord(Name.fromString("example.com."), Type.A, DClass.IN);
      Message reply = Message.newQuery(question);
      reply.getHeader().setFlag(Flags.QR);
      byte[] query = Message.newQuery(question).toWire();
      for (byte[] datagram : new byte[][] {{1, 2, 3}, reply.toWire(), query}) {
        socket.send(new DatagramPacket(datagram, datagram.length, dns.address()));
      }

      DatagramPacket received = new DatagramPacket(new byte[512], 512);
      socket.receive(received);

      Message answer = new Message(java.util.Arrays.copyOf(received.getData(), received.getLength()));
      assertThat(answer.getHeader().getID()).isEqualTo(new Message(query).getHeader().getID());
      assertThat(answer.getRcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(RehearsalDns.reply(new byte[] {1, 2, 3}, 3)).isNull();
      assertThat(RehearsalDns.reply(reply.toWire(), reply.toWire().length)).isNull();
    }
  }
}
