package hangar.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A certificate authority made in the test, for HTTPS on loopback: it issues server certificates
 * for names and addresses such as {@code localhost} and {@code 127.0.0.1}, and intermediate CAs,
 * and writes them and their keys as PEM files the way OpenSSL does.
 */
public final class TestCa {
  private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

  private final KeyPair keys;
  private final X509Certificate certificate;
  private final List<X509Certificate> chainAbove;

  private TestCa(KeyPair keys, X509Certificate certificate, List<X509Certificate> chainAbove) {
    this.keys = keys;
    this.certificate = certificate;
    this.chainAbove = List.copyOf(chainAbove);
  }

  /** The kind of key a certificate is issued for. */
  public enum KeyType {
    RSA,
    EC
  }

  /** How a private key is written. */
  public enum KeyFormat {
    /** {@code -----BEGIN PRIVATE KEY-----}, as {@code openssl genpkey} writes. */
    PKCS8,
    /** {@code -----BEGIN RSA PRIVATE KEY-----} or {@code EC PRIVATE KEY}, as older tools write. */
    TRADITIONAL,
    /** {@code -----BEGIN ENCRYPTED PRIVATE KEY-----}, with the passphrase {@code secret}. */
    ENCRYPTED
  }

  /** A self-signed root CA with an EC key. */
  public static TestCa create(String name) {
    KeyPair keys = generate(KeyType.EC);
    X500Name subject = new X500Name("CN=" + name);
    X509Certificate certificate = sign(subject, keys, subject, keys, true, List.of());
    return new TestCa(keys, certificate, List.of());
  }

  /** A CA signed by this one, whose certificates chain through it. */
  public TestCa intermediate(String name) {
    KeyPair child = generate(KeyType.EC);
    X509Certificate issued =
        sign(new X500Name("CN=" + name), child, issuer(), keys, true, List.of());
    List<X509Certificate> above = new ArrayList<>();
    above.add(certificate);
    above.addAll(chainAbove);
    return new TestCa(child, issued, above);
  }

  /** This CA's certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** Writes this CA's certificate as PEM: what a client's {@code --ca-file} names. */
  public Path writeCertificate(Path file) {
    return write(file, pem(List.of(certificate)));
  }

  /**
   * Issues a server certificate.
   *
   * @param type the key's kind
   * @param names host names and IP addresses it is valid for; the first is also its common name
   */
  public Issued issue(KeyType type, String... names) {
    KeyPair pair = generate(type);
    X509Certificate leaf =
        sign(new X500Name("CN=" + names[0]), pair, issuer(), keys, false, List.of(names));
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(leaf);
    if (!chainAbove.isEmpty()) {
      chain.add(certificate); // an intermediate's own certificate; the root stays out
      chain.addAll(chainAbove.subList(0, chainAbove.size() - 1));
    }
    return new Issued(pair, chain);
  }

  private X500Name issuer() {
    return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
  }

  /**
   * A server certificate, the chain up to the root (root excluded), and its key.
   *
   * @param keys the server's key pair
   * @param chain the certificate first, then intermediates
   */
  public record Issued(KeyPair keys, List<X509Certificate> chain) {
    public Issued {
      chain = List.copyOf(chain);
    }

    /** The server's certificate. */
    public X509Certificate certificate() {
      return chain.get(0);
    }

    /** Writes the certificate and its chain, as {@code tls_cert} takes it. */
    public Path writeChain(Path file) {
      return write(file, pem(chain));
    }

    /** Writes the private key in {@code format}, as {@code tls_key} takes it. */
    public Path writeKey(Path file, KeyFormat format) {
      StringWriter text = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
        switch (format) {
          case PKCS8 -> writer.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
          case TRADITIONAL -> writer.writeObject(traditional());
          case ENCRYPTED ->
              writer.writeObject(
                  new JcaPKCS8Generator(
                      keys.getPrivate(),
                      new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                          .setProvider(new BouncyCastleProvider())
                          .setPassword("secret".toCharArray())
                          .build()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (OperatorCreationException e) {
        throw new IllegalStateException("cannot encrypt a test key", e);
      }
      Path written = write(file, text.toString());
      // A key file is private, as an administrator keeps it.
      try {
        Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return written;
    }

    /**
     * The key as OpenSSL's traditional form has it. An EC key's curve goes inside the key (SEC1),
     * with its public point, as {@code openssl ec} writes; the JDK's encoding has neither there.
     */
    private Object traditional() throws IOException {
      if (!keys.getPrivate().getAlgorithm().equals("EC")) {
        return keys.getPrivate();
      }
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
      ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
      ECPrivateKey sec1 =
          new ECPrivateKey(
              256,
              inner.getKey(),
              SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData(),
              info.getPrivateKeyAlgorithm().getParameters());
      return new PemObject("EC PRIVATE KEY", sec1.getEncoded());
    }
  }

  private static KeyPair generate(KeyType type) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(type.name());
      if (type == KeyType.EC) {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make " + type + " keys", e);
    }
  }

  private static X509Certificate sign(
      X500Name subject,
      KeyPair subjectKeys,
      X500Name issuer,
      KeyPair issuerKeys,
      boolean isCa,
      List<String> names) {
    Instant now = Instant.now();
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(SERIALS.incrementAndGet()),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(30))),
              subject,
              subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (isCa) {
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(
            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        GeneralName[] alternatives =
            names.stream()
                .map(
                    n ->
                        new GeneralName(
                            n.matches("[0-9.]+") || n.contains(":")
                                ? GeneralName.iPAddress
                                : GeneralName.dNSName,
                            n))
                .toArray(GeneralName[]::new);
        builder.addExtension(
            Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
      }
      String algorithm =
          issuerKeys.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate())));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a test certificate for " + subject, e);
    }
  }

  private static String pem(List<X509Certificate> certificates) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (X509Certificate c : certificates) {
        writer.writeObject(c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
