package io.hookyard.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.netty.NettyPipeline;

/** The head bound on a channel with the HTTP/1.1 codec, on Netty's virtual clock. */
class HeaderTimeoutTest {
  private static final String GET = "GET /actuator/health HTTP/1.1\r\nHost: x\r\n\r\n";

  @Test
  void aHeadThatStallsIsAnswered408AndClosed() {
    EmbeddedChannel channel = channel();
    channel.writeInbound(bytes("POST /in/src_x HTTP/1.1\r\nHost: x\r\n"));
    tick(channel, 9);
    assertThat(channel.isOpen()).isTrue();

    channel.writeInbound(bytes("X-A: b\r\n")); // more bytes do not start the clock again
    tick(channel, 2);

    assertThat(channel.isOpen()).isFalse();
    assertThat(written(channel)).startsWith("HTTP/1.1 408").contains("request_timeout");
  }

  @Test
  void aConnectionThatSendsNothingIsClosed() {
    EmbeddedChannel channel = channel();
    tick(channel, 11);

    assertThat(channel.isOpen()).isFalse();
    assertThat(written(channel)).isEmpty();
  }

  @Test
  void aKeptAliveConnectionIdleBetweenRequestsStaysOpen() {
    EmbeddedChannel channel = channel();
    channel.writeInbound(bytes(GET));
    tick(channel, 60);
    assertThat(channel.isOpen()).isTrue();

    channel.writeInbound(bytes("GET /"));
    tick(channel, 11);
    assertThat(channel.isOpen()).isFalse();
  }

  private static EmbeddedChannel channel() {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.pipeline().addLast(NettyPipeline.HttpCodec, new HttpServerCodec());
    new HeaderTimeout(Duration.ofSeconds(10)).install(channel.pipeline());
    return channel;
  }

  private static void tick(EmbeddedChannel channel, long seconds) {
    channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
  }

  private static ByteBuf bytes(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
  }

  private static String written(EmbeddedChannel channel) {
    StringBuilder out = new StringBuilder();
    for (Object message = channel.readOutbound();
        message != null;
        message = channel.readOutbound()) {
      ByteBuf buf = (ByteBuf) message;
      out.append(buf.toString(StandardCharsets.UTF_8));
      buf.release();
    }
    return out.toString();
  }
}
