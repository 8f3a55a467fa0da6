package io.github.xcluster.webhook;

import io.github.xcluster.testing.TrustingEveryone;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
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

    /** Reads what is left until the server closes; false if it is still open after 15 s. */
    static boolean readsEndOfStream(SSLSocket socket) throws IOException {
        socket.setSoTimeout(15_000);
        try {
            InputStream in = socket.getInputStream();
            while (in.read() != -1) {
                // the rest of an answer, if any
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }
}
