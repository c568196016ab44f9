package fr.douane.keycloak.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A key pair for 127.0.0.1 made by the JDK's keytool for one run, in a PKCS12 store Keycloak
 * serves HTTPS with, and a TLS context that trusts exactly its certificate.
 */
public record TlsKeyPair(Path keystore) {

    static final String STORE_PASSWORD = "bench-only";
    private static final String ALIAS = "keycloak";

    /** Generates a fresh key pair into {@code keystore} (replacing any earlier one). */
    public static TlsKeyPair generate(Path keystore) throws IOException, InterruptedException {
        Files.deleteIfExists(keystore);
        Files.createDirectories(keystore.getParent());
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        return new TlsKeyPair(keystore);
    }

    /** A TLS context that trusts this certificate and no other. */
    public SSLContext trust() {
        try {
            KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                pkcs12.load(in, STORE_PASSWORD.toCharArray());
            }
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            anchors.setCertificateEntry(ALIAS, pkcs12.getCertificate(ALIAS));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + keystore, e);
        }
    }
}
