package io.github.xcluster.dev;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The real Cluster API controllers (core, kubeadm bootstrap, kubeadm control plane; v1.14) as child processes
 * beside a local kube-apiserver, with their CRDs and webhook configurations installed from the module they were
 * built from. Each serves its webhooks on a free port of 127.0.0.1 with a certificate of a CA made for the run;
 * {@link #close()} stops every process it started.
 */
public final class CapiControllers implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** One running controller: where it serves and where it logs. */
    public record Controller(String name, Process process, int webhookPort, int healthPort, Path log) {}

    private final CapiBinaries binaries;
    private final List<Controller> controllers;

    private CapiControllers(CapiBinaries binaries, List<Controller> controllers) {
        this.binaries = binaries;
        this.controllers = List.copyOf(controllers);
    }

    /**
     * Builds the binaries if missing, installs the CRDs and webhook configurations through {@code client} (which
     * stays the caller's), starts the controllers against {@code kubeconfig} with logs and certificates in {@code
     * workDir}, and returns once each answers {@code /readyz} and serves TLS on its webhook port.
     */
    public static CapiControllers start(
            KubernetesClient client, Path kubeconfig, Path workDir, Map<String, String> env) {
        CapiBinaries binaries = CapiBinaries.build(env);
        CertificateAuthority ca =
                CertificateAuthority.create("Cluster API local CA", Duration.ofDays(30), Clock.systemUTC());
        Path certDirectory = workDir.resolve("certs");
        try {
            ca.issueServerCertificate(List.of("127.0.0.1"), Duration.ofDays(30))
                    .writePem(certDirectory.resolve("tls.crt"), certDirectory.resolve("tls.key"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the webhook certificate into " + certDirectory, e);
        }
        String caPem = ca.certificate().certificatePem();
        String caBundle = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8));
        List<CapiComponent> components = CapiComponent.all(binaries);
        List<Integer> ports = freePorts(2 * components.size());
        List<Controller> started = new ArrayList<>();
        try {
            for (int i = 0; i < components.size(); i++) {
                CapiComponent component = components.get(i);
                int webhookPort = ports.get(2 * i);
                String webhookBaseUrl = "https://127.0.0.1:" + webhookPort;
                CrdInstaller.install(client, component.crds(webhookBaseUrl, caBundle));
                new WebhookInstaller(webhookBaseUrl, caPem)
                        .install(client, component.webhookManifests(), component.namePrefix());
                started.add(launch(component, kubeconfig, webhookPort, ports.get(2 * i + 1), certDirectory, workDir));
            }
            SSLContext trust = trusting(ca);
            for (Controller controller : started) {
                awaitServing(controller, trust);
            }
            return new CapiControllers(binaries, started);
        } catch (RuntimeException e) {
            stop(started);
            throw e;
        }
    }

    private static Controller launch(
            CapiComponent component,
            Path kubeconfig,
            int webhookPort,
            int healthPort,
            Path certDirectory,
            Path workDir) {
        Path log = workDir.resolve(component.name() + ".log");
        try {
            Files.createDirectories(workDir);
            Process process = new ProcessBuilder(component.command(kubeconfig, webhookPort, healthPort, certDirectory))
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.to(log.toFile()))
                    .start();
            return new Controller(component.name(), process, webhookPort, healthPort, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + component.binary(), e);
        }
    }

    private static void awaitServing(Controller controller, SSLContext trust) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
        boolean serving = Eventually.holds(READY_TIMEOUT, () -> {
            if (!controller.process().isAlive()) {
                throw new IllegalStateException("the Cluster API controller " + controller.name() + " exited with "
                        + controller.process().exitValue() + "; see " + controller.log());
            }
            return isReady(http, controller.healthPort()) && servesTls(trust, controller.webhookPort());
        });
        if (!serving) {
            throw new IllegalStateException("the Cluster API controller " + controller.name() + " is not ready "
                    + READY_TIMEOUT.toSeconds() + " s after its start; see " + controller.log());
        }
    }

    private static boolean isReady(HttpClient http, int healthPort) {
        HttpRequest readyz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/readyz"))
                .timeout(PROBE_TIMEOUT)
                .build();
        try {
            return http.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A handshake that checks the certificate against the CA and the address, as kube-apiserver does. */
    private static boolean servesTls(SSLContext trust, int webhookPort) {
        try (SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket("127.0.0.1", webhookPort)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
            socket.startHandshake();
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static SSLContext trusting(CertificateAuthority ca) {
        try {
            KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
            roots.load(null, null);
            roots.setCertificateEntry("ca", ca.certificate().certificate());
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(roots);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust the run's CA", e);
        }
    }

    /** Ports free right now, all different: each socket stays open until every port is picked. */
    private static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // a socket that was only bound to learn a free port has nothing to flush
                }
            }
        }
    }

    public List<Controller> controllers() {
        return controllers;
    }

    public Path clusterctl() {
        return binaries.clusterctl();
    }

    /** The module the controllers were built from, with its CRDs and clusterctl's own. */
    public Path module() {
        return binaries.module();
    }

    @Override
    public void close() {
        stop(controllers);
    }

    /** SIGTERM to all, then up to {@link #STOP_GRACE} each before SIGKILL. */
    private static void stop(List<Controller> controllers) {
        controllers.forEach(controller -> controller.process().destroy());
        for (Controller controller : controllers) {
            Process process = controller.process();
            try {
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
