package io.github.xcluster.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-apiserver's way into the cluster network, as a konnectivity HTTP CONNECT proxy on a Unix socket:
 * the API server calls a webhook Service at its cluster IP (with the TLS server name {@code
 * <service>.<namespace>.svc}), and this proxy carries a connection for a routed {@code ip:port} to a port
 * on this machine, as kube-proxy carries it to the pod. So webhook configurations that name a Service are
 * registered as shipped. (kube-apiserver 1.34 cannot use an HTTP CONNECT proxy over plain TCP: it then
 * dereferences the missing TLS configuration.)
 */
public final class EgressProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EgressProxy.class);
    private static final int MAX_REQUEST_HEAD_BYTES = 8192;

    private final Path socket;
    private final ServerSocketChannel listener;
    private final ExecutorService connections;
    private final Map<String, Integer> routes = new ConcurrentHashMap<>();

    private EgressProxy(Path socket, ServerSocketChannel listener, ExecutorService connections) {
        this.socket = socket;
        this.listener = listener;
        this.connections = connections;
    }

    /** Listens on a Unix socket in a new directory under the system's temporary directory (socket paths are short). */
    public static EgressProxy start() {
        try {
            Path socket = Files.createTempDirectory("xcluster-egress").resolve("proxy.sock");
            ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(socket));
            ExecutorService connections = Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "egress-proxy");
                thread.setDaemon(true);
                return thread;
            });
            EgressProxy proxy = new EgressProxy(socket, listener, connections);
            connections.execute(proxy::accept);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for the API server's egress", e);
        }
    }

    /**
     * Writes an EgressSelectorConfiguration that sends the API server's traffic to the cluster network
     * through this proxy, and returns the kube-apiserver flag that reads it.
     */
    public String apiServerFlag(Path workDir) {
        Path file = workDir.resolve("egress-selector.yaml");
        try {
            Files.createDirectories(workDir);
            Files.writeString(file, """
                    apiVersion: apiserver.k8s.io/v1beta1
                    kind: EgressSelectorConfiguration
                    egressSelections:
                    - name: cluster
                      connection:
                        proxyProtocol: HTTPConnect
                        transport:
                          uds:
                            udsName: %s
                    """.formatted(socket));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return "--egress-selector-config-file=" + file.toAbsolutePath();
    }

    /** Connections for {@code clusterIp:port} go to {@code localPort} on this machine from now on. */
    public void route(String clusterIp, int port, int localPort) {
        routes.put(clusterIp + ":" + port, localPort);
    }

    private void accept() {
        while (listener.isOpen()) {
            try {
                SocketChannel client = listener.accept();
                connections.execute(() -> tunnel(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void tunnel(SocketChannel client) {
        try {
            String target = connectTarget(client);
            Integer localPort = routes.get(target);
            if (localPort == null) {
                LOG.warn("egress refused, no route target={}", target);
                write(client, "HTTP/1.1 502 Bad Gateway\r\n\r\n");
                closeQuietly(client);
                return;
            }
            SocketChannel upstream =
                    SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort));
            write(client, "HTTP/1.1 200 Connection established\r\n\r\n");
            connections.execute(() -> pipe(upstream, client));
            pipe(client, upstream);
        } catch (IOException e) {
            LOG.debug("egress connection ended reason={}", e.getMessage());
            closeQuietly(client);
        }
    }

    /** Reads {@code CONNECT host:port HTTP/1.1} and its headers, byte by byte so no tunnelled byte is taken. */
    private static String connectTarget(SocketChannel client) throws IOException {
        StringBuilder head = new StringBuilder();
        ByteBuffer next = ByteBuffer.allocate(1);
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            next.clear();
            if (client.read(next) < 0 || head.length() > MAX_REQUEST_HEAD_BYTES) {
                throw new IOException("no complete CONNECT request");
            }
            head.append((char) next.get(0));
        }
        String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
        if (requestLine.length != 3 || !requestLine[0].equals("CONNECT")) {
            throw new IOException("not a CONNECT request: " + String.join(" ", requestLine));
        }
        return requestLine[1];
    }

    private static void write(SocketChannel channel, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Copies until either side closes, then closes both, so the other direction ends too. */
    private static void pipe(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException ended) {
            LOG.trace("egress pipe ended reason={}", ended.getMessage());
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException alreadyGone) {
            LOG.trace("egress socket already closed reason={}", alreadyGone.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(socket.getParent());
        } catch (IOException e) {
            LOG.debug("egress proxy socket not removed reason={}", e.getMessage());
        }
        connections.shutdownNow();
    }
}
