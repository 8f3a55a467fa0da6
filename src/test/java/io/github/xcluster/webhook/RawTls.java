package io.github.xcluster.webhook;

import io.github.xcluster.testing.TrustingEveryone;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/** A TLS socket to the webhook port for clients that misbehave below HTTP; trust is not what such tests are about. */
final class RawTls {
    private RawTls() {}

    static SSLSocket connect(int port) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new TrustingEveryone()}, null);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        return socket;
    }
}
