package dev.flightwire.internal.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the TLS (or SNI) handler of a server connection until the handshake is done: refuses a
 * connection that negotiated a protocol other than {@code h2} over ALPN, records the verified client
 * certificate's subject ({@link #peerSubject}), then replaces itself with the HTTP/2 handler, so
 * nothing is written before TLS is up. A failed handshake closes the connection and is reported to
 * {@code onFailure}.
 *
 * <p>Event-loop only.
 */
public final class ServerTlsGate extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ServerTlsGate.class);
  private static final AttributeKey<String> PEER_SUBJECT = AttributeKey.valueOf("flightwire.tls.peerSubject");

  private final Supplier<ChannelHandler> http2;
  private final Consumer<String> onFailure;
  private final List<Object> early = new ArrayList<>();

  /**
   * @param http2 makes the connection's HTTP/2 handler, installed after the handshake
   * @param onFailure receives a one-line reason for each refused connection; may be null
   */
  public ServerTlsGate(Supplier<ChannelHandler> http2, Consumer<String> onFailure) {
    this.http2 = http2;
    this.onFailure = onFailure;
  }

  /** Reads that arrive before the handshake event are held, then passed on in order. */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    early.add(msg);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseEarly();
  }

  private void releaseEarly() {
    for (Object m : early) {
      ReferenceCountUtil.release(m);
    }
    early.clear();
  }

  /** The subject (RFC 2253) of the client certificate verified on {@code channel}, or null. */
  public static String peerSubject(Channel channel) {
    return channel.attr(PEER_SUBJECT).get();
  }

  /**
   * The common name (CN) of the client certificate verified on {@code channel}, else its whole
   * subject, or null without one. gRPC C++ (pyarrow) reports the CN as the peer identity too.
   */
  public static String peerCommonName(Channel channel) {
    String subject = peerSubject(channel);
    if (subject == null) {
      return null;
    }
    try {
      for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(subject).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
    } catch (javax.naming.InvalidNameException e) {
      // fall back to the subject
    }
    return subject;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SslHandshakeCompletionEvent) {
      SslHandshakeCompletionEvent e = (SslHandshakeCompletionEvent) evt;
      if (!e.isSuccess()) {
        refuse(ctx, "TLS handshake failed: " + TlsErrors.describe(e.cause()));
        return;
      }
      SslHandler ssl = ctx.pipeline().get(SslHandler.class);
      String protocol = ssl == null ? null : ssl.applicationProtocol();
      if (protocol != null && !ApplicationProtocolNames.HTTP_2.equals(protocol)) {
        refuse(ctx, "client negotiated '" + protocol + "' over ALPN; only h2 is served");
        return;
      }
      if (ssl != null) {
        ctx.channel().attr(PEER_SUBJECT).set(subject(ssl));
      }
      ctx.pipeline().addAfter(ctx.name(), null, http2.get());
      ctx.fireUserEventTriggered(evt);
      List<Object> held = new ArrayList<>(early);
      early.clear();
      for (Object m : held) {
        ctx.fireChannelRead(m);
      }
      if (!held.isEmpty()) {
        ctx.fireChannelReadComplete();
      }
      ctx.pipeline().remove(this);
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  private static String subject(SslHandler ssl) {
    try {
      Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
      if (chain.length > 0 && chain[0] instanceof X509Certificate) {
        return ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
      }
    } catch (SSLPeerUnverifiedException e) {
      // no client certificate
    }
    return null;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // errors before the handshake completed (not TLS, bad certificate): the handshake event reports them
    ctx.close();
  }

  private void refuse(ChannelHandlerContext ctx, String reason) {
    releaseEarly();
    // any client (or port scanner) can fail a handshake: DEBUG, as grpc-java does
    LOG.debug("refusing the TLS connection from {}: {}", ctx.channel().remoteAddress(), reason);
    if (onFailure != null) {
      onFailure.accept(reason + " (" + ctx.channel().remoteAddress() + ")");
    }
    ctx.close();
  }
}
