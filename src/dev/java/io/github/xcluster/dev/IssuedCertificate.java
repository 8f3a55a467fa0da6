package io.github.xcluster.dev;

import io.github.xcluster.webhook.tls.CertificateFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** A certificate with its private key, as Java objects and as PEM text (key in PKCS#8). */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {

    public String certificatePem() {
        return pem(certificate);
    }

    public String privateKeyPem() {
        try {
            return pem(new JcaPKCS8Generator(privateKey, null).generate());
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot encode the private key as PKCS#8", e);
        }
    }

    /** Writes both PEM files, the key readable by its owner only where the file system allows. */
    public CertificateFiles writePem(Path certificateFile, Path privateKeyFile) throws IOException {
        Files.createDirectories(certificateFile.toAbsolutePath().getParent());
        Files.createDirectories(privateKeyFile.toAbsolutePath().getParent());
        Files.writeString(certificateFile, certificatePem());
        Files.writeString(privateKeyFile, privateKeyPem());
        if (privateKeyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(privateKeyFile, PosixFilePermissions.fromString("rw-------"));
        }
        return new CertificateFiles(certificateFile, privateKeyFile);
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write PEM to a string", e);
        }
        return text.toString();
    }
}
