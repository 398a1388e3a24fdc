package hangar.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The server's private key and its certificate chain, leaf first, checked to belong together.
 *
 * @param key the private key
 * @param chain the certificate of {@code key} first, then the rest of the file's chain
 */
record CertifiedKey(PrivateKey key, List<X509Certificate> chain) {
  /** The in-memory key store's password; it never leaves this process, so it guards nothing. */
  static final String STORE_PASSWORD = "hangar";

  static final String ALIAS = "hangar";

  CertifiedKey {
    chain = List.copyOf(chain);
  }

  /**
   * Reads the pair from PEM files and checks that the key is that of a certificate in the chain.
   *
   * @throws TlsFileException naming the file and what is wrong with it
   */
  static CertifiedKey read(Path certFile, Path keyFile) {
    List<X509Certificate> certificates = PemFiles.certificates(certFile, "tls_cert");
    PrivateKey key = PemFiles.privateKey(keyFile, "tls_key");
    String algorithm = signatureAlgorithm(key, keyFile);
    for (int i = 0; i < certificates.size(); i++) {
      if (signs(key, algorithm, certificates.get(i))) {
        // Some tools write the chain root first; the TLS handshake needs the leaf first.
        List<X509Certificate> chain = new ArrayList<>(certificates);
        chain.addFirst(chain.remove(i));
        return new CertifiedKey(key, chain);
      }
    }
    throw new TlsFileException(
        "tls_key",
        keyFile,
        "this "
            + key.getAlgorithm()
            + " key belongs to no certificate in "
            + certFile
            + " (its first is for "
            + certificates.get(0).getSubjectX500Principal().getName()
            + "); give the key the certificate was issued for");
  }

  /** The certificate the server presents. */
  X509Certificate leaf() {
    return chain.get(0);
  }

  /** A PKCS#12 store in memory holding the pair, for Jetty's {@code SslContextFactory}. */
  KeyStore keyStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          ALIAS, key, STORE_PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot hold a checked key in a PKCS#12 store; bug", e);
    }
  }

  /** One line for logs: whom the certificate names, who issued it, until when. */
  String describe() {
    X509Certificate leaf = leaf();
    return leaf.getSubjectX500Principal().getName()
        + " issued by "
        + leaf.getIssuerX500Principal().getName()
        + ", valid until "
        + leaf.getNotAfter().toInstant();
  }

  private static String signatureAlgorithm(PrivateKey key, Path keyFile) {
    return switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default ->
          throw new TlsFileException(
              "tls_key",
              keyFile,
              "holds a " + key.getAlgorithm() + " key; the server takes RSA or EC (ECDSA) keys");
    };
  }

  /** Whether the certificate's public key verifies what {@code key} signs. */
  private static boolean signs(PrivateKey key, String algorithm, X509Certificate certificate) {
    if (!certificate.getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
      return false;
    }
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      // A key of another curve or size than the certificate's: not this certificate's key.
      return false;
    }
  }
}
