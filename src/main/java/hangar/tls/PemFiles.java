package hangar.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads certificates and private keys from PEM files as OpenSSL, certbot and cert-manager write
 * them: several certificates in one file (a chain), keys in PKCS#8 ({@code BEGIN PRIVATE KEY}) or
 * the traditional forms ({@code BEGIN RSA PRIVATE KEY}, {@code BEGIN EC PRIVATE KEY}, possibly
 * after a {@code BEGIN EC PARAMETERS} block). The JDK's own key factories build the keys, so no
 * security provider is installed.
 */
final class PemFiles {
  /** PEM files of a certificate or a key are a few KB; this bounds what a wrong path reads. */
  private static final long MAX_BYTES = 1 << 20;

  private PemFiles() {}

  /**
   * Returns the certificates in {@code file}, in file order; private keys in it are skipped, so a
   * combined file serves as both {@code tls_cert} and {@code tls_key}.
   *
   * @param what the setting that named the file, for messages
   * @throws TlsFileException when it cannot be read, is not PEM, or holds no certificate
   */
  static List<X509Certificate> certificates(Path file, String what) {
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    List<X509Certificate> certificates = new ArrayList<>();
    for (Object object : objects(file, what)) {
      if (object instanceof X509CertificateHolder holder) {
        try {
          certificates.add(converter.getCertificate(holder));
        } catch (CertificateException e) {
          throw new TlsFileException(
              what, file, "certificate " + (certificates.size() + 1) + " is not valid X.509", e);
        }
      }
    }
    if (certificates.isEmpty()) {
      throw new TlsFileException(
          what,
          file,
          "holds no certificate; expected one or more PEM blocks that start with"
              + " '-----BEGIN CERTIFICATE-----' (a DER file converts with 'openssl x509 -inform"
              + " der')");
    }
    return certificates;
  }

  /**
   * Returns the one private key in {@code file}; certificates in it are skipped.
   *
   * @param what the setting that named the file, for messages
   * @throws TlsFileException when it cannot be read, is not PEM, holds no key or several, or the
   *     key is encrypted
   */
  /**
   * The key as the JDK's own provider makes it. Once BouncyCastle is a registered provider (MINA
   * SSHD registers it when it is on the class path), the converter would hand back BouncyCastle's
   * keys, whose EC algorithm is called "ECDSA" and which Jetty's TLS does not take.
   */
  private static PrivateKey jdkKey(JcaPEMKeyConverter converter, PrivateKeyInfo info)
      throws org.bouncycastle.openssl.PEMException {
    String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
    String algorithm =
        switch (oid) {
          case "1.2.840.113549.1.1.1" -> "RSA";
          case "1.2.840.10045.2.1" -> "EC";
          default -> null;
        };
    if (algorithm == null) {
      return converter.getPrivateKey(info);
    }
    try {
      return java.security.KeyFactory.getInstance(algorithm)
          .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (java.security.GeneralSecurityException | java.io.IOException e) {
      throw new org.bouncycastle.openssl.PEMException(
          "the " + algorithm + " key cannot be read: " + e.getMessage(), e);
    }
  }

  static PrivateKey privateKey(Path file, String what) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    List<PrivateKey> keys = new ArrayList<>();
    for (Object object : objects(file, what)) {
      try {
        switch (object) {
          case PEMKeyPair pair -> keys.add(jdkKey(converter, pair.getPrivateKeyInfo()));
          case PrivateKeyInfo info -> keys.add(jdkKey(converter, info));
          case PEMEncryptedKeyPair encrypted -> throw encrypted(file, what);
          case PKCS8EncryptedPrivateKeyInfo encrypted -> throw encrypted(file, what);
          default -> {
            // Certificates, and the curve blocks OpenSSL writes before an EC key.
          }
        }
      } catch (org.bouncycastle.openssl.PEMException e) {
        throw new TlsFileException(
            what, file, "holds a private key Java cannot use: " + e.getMessage(), e);
      }
    }
    if (keys.isEmpty()) {
      throw new TlsFileException(
          what,
          file,
          "holds no private key; expected a PEM block that starts with '-----BEGIN PRIVATE"
              + " KEY-----', '-----BEGIN RSA PRIVATE KEY-----' or '-----BEGIN EC PRIVATE KEY-----'");
    }
    if (keys.size() > 1) {
      throw new TlsFileException(
          what, file, "holds " + keys.size() + " private keys; keep only the certificate's own");
    }
    return keys.get(0);
  }

  private static TlsFileException encrypted(Path file, String what) {
    return new TlsFileException(
        what,
        file,
        "the private key is encrypted and the server cannot ask for its passphrase; write it"
            + " unencrypted ('openssl pkey -in "
            + file
            + " -out key.pem') and keep that file mode 0600");
  }

  /** Every PEM object in the file: certificates, keys, and the curve names beside EC keys. */
  private static List<Object> objects(Path file, String what) {
    String text = read(file, what);
    List<Object> objects = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (!(object instanceof ASN1ObjectIdentifier) && !(object instanceof X9ECParameters)) {
          objects.add(object);
        }
      }
    } catch (IOException | RuntimeException e) {
      // PEMParser reports bad base64 and unknown block types as IOException; broken DER inside
      // a block as IllegalArgumentException or IllegalStateException.
      throw new TlsFileException(what, file, "is not a valid PEM file: " + e.getMessage(), e);
    }
    return objects;
  }

  private static String read(Path file, String what) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new TlsFileException(
            what,
            file,
            Files.exists(file) ? "is not a regular file" : "does not exist; check the path");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new TlsFileException(
            what, file, "is over 1 MiB, too large for a PEM certificate or key; check the path");
      }
      // Latin-1 decodes any bytes: a binary (DER) file then simply holds no PEM block.
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new TlsFileException(what, file, "cannot be read: " + e, e);
    }
  }
}
