package io.github.xcluster.webhook.tls;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The certificate and key read from {@link CertificateFiles}, checked to belong together: a
 * rotation caught between writing the two files must not be served. {@code notAfter} is the
 * first (the serving) certificate's expiry.
 */
public record ServingCertificate(String certificatePem, String privateKeyPem, Instant notAfter) {

    public static ServingCertificate read(CertificateFiles files) throws IOException {
        String certificatePem = Files.readString(files.certificate());
        String privateKeyPem = Files.readString(files.privateKey());
        X509Certificate certificate = firstCertificate(certificatePem, files);
        requireMatchingKey(certificate, privateKey(privateKeyPem, files), files);
        return new ServingCertificate(
                certificatePem, privateKeyPem, certificate.getNotAfter().toInstant());
    }

    public PemKeyCertOptions keyCertOptions() {
        return new PemKeyCertOptions()
                .setCertValue(Buffer.buffer(certificatePem))
                .setKeyValue(Buffer.buffer(privateKeyPem));
    }

    private static void requireMatchingKey(X509Certificate certificate, PrivateKey key, CertificateFiles files)
            throws IOException {
        try {
            String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
            byte[] probe =
                    "xcluster-operator serving certificate check".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IOException("the private key " + files.privateKey() + " does not belong to the certificate "
                        + files.certificate());
            }
        } catch (GeneralSecurityException mismatch) {
            throw new IOException(
                    "the private key " + files.privateKey() + " does not fit the certificate " + files.certificate()
                            + ": " + mismatch.getMessage(),
                    mismatch);
        }
    }

    private static X509Certificate firstCertificate(String certificatePem, CertificateFiles files) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(certificatePem))) {
            Object first = parser.readObject();
            if (!(first instanceof X509CertificateHolder holder)) {
                throw new IOException(files.certificate() + " does not start with a PEM certificate");
            }
            if (holder.getIssuer().getRDNs().length == 0) {
                throw new IOException(files.certificate()
                        + " has an empty issuer name, which Java refuses (RFC 5280 requires one); a cert-manager"
                        + " self-signed Issuer copies the subject into the issuer, so give the Certificate a subject"
                        + " (spec.subject.organizations or spec.commonName) and let cert-manager issue it again");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (java.security.cert.CertificateException unreadable) {
            throw new IOException(
                    files.certificate() + " holds an unreadable certificate: " + unreadable.getMessage(), unreadable);
        }
    }

    private static PrivateKey privateKey(String privateKeyPem, CertificateFiles files) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(privateKeyPem))) {
            Object key = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (key instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (key instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException(files.privateKey() + " does not hold a PEM private key");
        }
    }
}
