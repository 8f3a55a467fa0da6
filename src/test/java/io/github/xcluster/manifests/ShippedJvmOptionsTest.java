package io.github.xcluster.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.xcluster.dev.CertificateAuthority;
import io.github.xcluster.dev.IssuedCertificate;
import io.github.xcluster.testing.JavaProcess;
import io.github.xcluster.testing.ShippedJvmOptions;
import io.github.xcluster.testing.TrustingEveryone;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;

/** What the JVM options config/manager ships do, each in a JVM started with exactly them. */
class ShippedJvmOptionsTest {
    private static final Path LOGS = Path.of("target/shipped-jvm-options");

    @Test
    void anOutOfMemoryErrorEndsTheProcessSoThatKubernetesRestartsIt() throws Exception {
        try (JavaProcess process = JavaProcess.onOwnClasspath(
                HoldsTooMuch.class, List.of("-Xmx32m"), List.of(), shippedOptions(), LOGS.resolve("oom.log"))) {
            assertThat(process.exitCodeWithin(Duration.ofSeconds(60)))
                    .as(process.logText())
                    .isEqualTo(3);
            assertThat(process.logText())
                    .contains("Terminating due to java.lang.OutOfMemoryError")
                    .doesNotContain("survived");
        }
    }

    @Test
    void aClientCannotRenegotiateTls12() throws Exception {
        try (JavaProcess process = JavaProcess.onOwnClasspath(
                Renegotiates.class, List.of(), List.of(), shippedOptions(), LOGS.resolve("renegotiation.log"))) {
            assertThat(process.exitCodeWithin(Duration.ofSeconds(60)))
                    .as(process.logText())
                    .isZero();
            assertThat(process.logText()).contains("first handshake TLSv1.2").contains("renegotiation refused");
        }
    }

    private static Map<String, String> shippedOptions() {
        return Map.of("JAVA_TOOL_OPTIONS", ShippedJvmOptions.javaToolOptions());
    }

    /** Fills the heap; catches the error, which only a JVM without ExitOnOutOfMemoryError lives to do. */
    public static final class HoldsTooMuch {
        public static void main(String[] args) {
            List<long[]> held = new ArrayList<>();
            try {
                while (true) {
                    held.add(new long[1 << 20]);
                }
            } catch (OutOfMemoryError e) {
                held.clear();
                System.out.println("survived " + e);
            }
        }
    }

    /** A TLS 1.2 server and a client in one JVM; the client asks for a second handshake on the same connection. */
    public static final class Renegotiates {
        public static void main(String[] args) throws Exception {
            IssuedCertificate served = CertificateAuthority.create(
                            "renegotiation CA", Duration.ofHours(1), Clock.systemUTC())
                    .issueServerCertificate(List.of("127.0.0.1"), Duration.ofHours(1));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("served", served.privateKey(), new char[0], new Certificate[] {served.certificate()});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, new char[0]);
            SSLContext serverTls = SSLContext.getInstance("TLS");
            serverTls.init(keyManagers.getKeyManagers(), null, null);
            try (SSLServerSocket server =
                    (SSLServerSocket) serverTls.getServerSocketFactory().createServerSocket(0)) {
                server.setEnabledProtocols(new String[] {"TLSv1.2"});
                Thread echo = new Thread(() -> {
                    try (SSLSocket accepted = (SSLSocket) server.accept()) {
                        while (accepted.getInputStream().read() != -1) {
                            accepted.getOutputStream().write('.');
                        }
                    } catch (IOException connectionEnded) {
                        // the refused renegotiation ends the connection here too
                    }
                });
                echo.start();
                SSLContext clientTls = SSLContext.getInstance("TLS");
                clientTls.init(null, new TrustManager[] {new TrustingEveryone()}, null);
                try (SSLSocket client =
                        (SSLSocket) clientTls.getSocketFactory().createSocket("127.0.0.1", server.getLocalPort())) {
                    client.setEnabledProtocols(new String[] {"TLSv1.2"});
                    client.startHandshake();
                    System.out.println("first handshake " + client.getSession().getProtocol());
                    client.getOutputStream().write('a');
                    client.getInputStream().read();
                    try {
                        client.startHandshake();
                        client.getOutputStream().write('b');
                        client.getInputStream().read();
                        System.out.println("renegotiation accepted");
                    } catch (IOException refused) {
                        System.out.println("renegotiation refused: " + refused);
                    }
                }
            }
        }
    }
}
