package io.hookyard.http.server;

import io.hookyard.http.error.ApiErrorHandler;
import io.hookyard.http.error.ApiException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.HttpStatus;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Bounds how long a connection may take to send a request's head (request line and headers): a
 * client that opens a connection and sends nothing, or sends its head a byte at a time (slowloris),
 * is closed once the bound passes, whatever it still sends. The bodies of {@code /in} and {@code
 * POST /api/v1/events} have their own bound ({@code hookyard.ingest.body-timeout}).
 *
 * <p>reactor-netty has no such bound: {@code idleTimeout} is reset by every byte (a slowloris never
 * trips it) and closes idle kept-alive connections; {@code readTimeout} and {@code requestTimeout}
 * start once the head has arrived. So the clock here starts when the connection opens (a client
 * connects to send) or, on a kept-alive connection, with the first byte of the next request, and
 * stops when the HTTP decoder has the whole head. A kept-alive connection that sends nothing
 * between requests is left alone, and nothing bounds a request once its head is in. A head that
 * began to arrive is answered 408 in the error envelope before the close; a connection that sent
 * nothing is just closed.
 */
public final class HeaderTimeout implements NettyServerCustomizer {
  private static final String START = "hookyard.headerTimeout.start";
  private static final String END = "hookyard.headerTimeout.end";

  private final long timeoutNanos;
  private final byte[] answer;

  public HeaderTimeout(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
    byte[] body =
        ApiErrorHandler.envelope(
            new ApiException(
                HttpStatus.REQUEST_TIMEOUT,
                "request_timeout",
                "the request headers did not arrive within " + timeout.toMillis() + " ms",
                Map.of()));
    String head =
        "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    byte[] bytes = new byte[head.length() + body.length];
    System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, head.length());
    System.arraycopy(body, 0, bytes, head.length(), body.length);
    this.answer = bytes;
  }

  @Override
  public HttpServer apply(HttpServer server) {
    return server.doOnChannelInit(
        (observer, channel, remoteAddress) -> install(channel.pipeline()));
  }

  /**
   * Around the HTTP/1.1 codec, when there is one: raw bytes start the clock, a head stops it. Not
   * on connections that may turn into HTTP/2 (h2c), whose frames have no HTTP/1.1 head.
   */
  void install(ChannelPipeline pipeline) {
    if (pipeline.get(NettyPipeline.HttpCodec) == null
        || pipeline.get(NettyPipeline.H2CUpgradeHandler) != null) {
      return;
    }
    Deadline deadline = new Deadline();
    pipeline.addBefore(NettyPipeline.HttpCodec, START, new Start(deadline));
    pipeline.addAfter(NettyPipeline.HttpCodec, END, new End(deadline));
  }

  /** One connection's clock; touched on its event loop only. */
  private final class Deadline {
    private ScheduledFuture<?> timer;
    private boolean reading; // a head arrived and its body has not ended
    private boolean headBytes; // bytes of a head that has not arrived in full

    void arm(ChannelHandlerContext ctx) {
      if (timer == null) {
        timer = ctx.executor().schedule(() -> expire(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
      }
    }

    void disarm() {
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
      headBytes = false;
    }

    private void expire(ChannelHandlerContext ctx) {
      timer = null;
      if (!ctx.channel().isActive()) {
        return;
      }
      if (headBytes) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(ChannelFutureListener.CLOSE);
      } else {
        ctx.close();
      }
    }
  }

  /** Before the codec: the connection opening or a new request's first byte starts the clock. */
  private static final class Start extends ChannelInboundHandlerAdapter {
    private final Deadline deadline;

    Start(Deadline deadline) {
      this.deadline = deadline;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      if (ctx.channel().isActive()) {
        deadline.arm(ctx);
      }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      deadline.arm(ctx);
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!deadline.reading && msg instanceof ByteBuf bytes && bytes.isReadable()) {
        deadline.headBytes = true;
        deadline.arm(ctx);
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      deadline.disarm();
      ctx.fireChannelInactive();
    }
  }

  /** After the codec: a decoded head stops the clock; the end of its body lets the next start. */
  private static final class End extends ChannelInboundHandlerAdapter {
    private final Deadline deadline;

    End(Deadline deadline) {
      this.deadline = deadline;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest) {
        deadline.disarm();
        deadline.reading = true;
      }
      if (msg instanceof LastHttpContent) {
        deadline.reading = false;
      }
      ctx.fireChannelRead(msg);
    }
  }
}
