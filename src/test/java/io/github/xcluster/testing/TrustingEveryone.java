package io.github.xcluster.testing;

import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/** For tests about a handshake's parameters or what follows it, where whom the client trusts is not the point. */
public final class TrustingEveryone implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
