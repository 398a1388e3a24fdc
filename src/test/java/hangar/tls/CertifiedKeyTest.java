package hangar.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.testing.TestCa;
import hangar.testing.TestCa.KeyFormat;
import hangar.testing.TestCa.KeyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertifiedKeyTest {
  private static final TestCa CA = TestCa.create("Hangar Test Root");

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} key, {1}")
  @CsvSource({"RSA, PKCS8", "RSA, TRADITIONAL", "EC, PKCS8", "EC, TRADITIONAL"})
  void rsa_and_ec_keys_are_read_in_pkcs8_and_traditional_form(KeyType type, KeyFormat format)
      throws Exception {
    TestCa.Issued issued = CA.issue(type, "localhost", "127.0.0.1");
    Path cert = issued.writeChain(dir.resolve("cert.pem"));
    Path key = issued.writeKey(dir.resolve("key.pem"), format);
    String header = Files.readAllLines(key).get(0);

    CertifiedKey pair = CertifiedKey.read(cert, key);

    assertThat(header)
        .isEqualTo(
            format == KeyFormat.PKCS8
                ? "-----BEGIN PRIVATE KEY-----"
                : "-----BEGIN " + type + " PRIVATE KEY-----");
    assertThat(pair.leaf()).isEqualTo(issued.certificate());
    assertThat(pair.key().getAlgorithm()).isEqualTo(type.name());
    assertThat(pair.keyStore().getCertificateChain(CertifiedKey.ALIAS)).hasSize(1);
  }

  @Test
  void an_ec_key_after_openssls_curve_block_is_read() throws IOException {
    TestCa.Issued issued = CA.issue(KeyType.EC, "localhost");
    Path key = issued.writeKey(dir.resolve("key.pem"), KeyFormat.TRADITIONAL);
    // 'openssl ecparam -genkey -name prime256v1' writes the curve's name before the key.
    Files.writeString(
        key,
        "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
            + Files.readString(key));

    CertifiedKey pair = CertifiedKey.read(issued.writeChain(dir.resolve("cert.pem")), key);

    assertThat(pair.leaf()).isEqualTo(issued.certificate());
  }

  @Test
  void a_chain_is_kept_leaf_first_even_when_the_file_puts_it_last() throws IOException {
    TestCa.Issued issued =
        CA.intermediate("Hangar Test Issuing CA").issue(KeyType.RSA, "localhost");
    X509Certificate leaf = issued.chain().get(0);
    X509Certificate intermediate = issued.chain().get(1);
    Path reversed =
        new TestCa.Issued(issued.keys(), List.of(intermediate, leaf))
            .writeChain(dir.resolve("cert.pem"));

    CertifiedKey pair =
        CertifiedKey.read(reversed, issued.writeKey(dir.resolve("key.pem"), KeyFormat.PKCS8));

    assertThat(pair.chain()).containsExactly(leaf, intermediate);
  }

  @Test
  void one_file_with_certificate_and_key_serves_as_both() throws IOException {
    TestCa.Issued issued = CA.issue(KeyType.EC, "localhost");
    Path both = dir.resolve("both.pem");
    Files.writeString(
        both,
        Files.readString(issued.writeChain(dir.resolve("c.pem")))
            + Files.readString(issued.writeKey(dir.resolve("k.pem"), KeyFormat.PKCS8)));

    assertThat(CertifiedKey.read(both, both).leaf()).isEqualTo(issued.certificate());
  }

  @Test
  void a_key_of_another_certificate_is_refused_naming_both_files() {
    Path cert = CA.issue(KeyType.RSA, "localhost").writeChain(dir.resolve("cert.pem"));
    Path key =
        CA.issue(KeyType.RSA, "localhost").writeKey(dir.resolve("other.pem"), KeyFormat.PKCS8);

    assertThatThrownBy(() -> CertifiedKey.read(cert, key))
        .isInstanceOf(TlsFileException.class)
        .hasMessageStartingWith("tls_key " + key + ": this RSA key belongs to no certificate in ")
        .hasMessageContaining(cert.toString())
        .hasMessageEndingWith("give the key the certificate was issued for");
  }

  @Test
  void a_missing_certificate_file_is_named() {
    Path cert = dir.resolve("nope.pem");
    Path key = CA.issue(KeyType.EC, "localhost").writeKey(dir.resolve("k.pem"), KeyFormat.PKCS8);

    assertThatThrownBy(() -> CertifiedKey.read(cert, key))
        .isInstanceOf(TlsFileException.class)
        .hasMessage("tls_cert " + cert + ": does not exist; check the path");
  }

  @Test
  void a_file_without_pem_blocks_is_refused() throws Exception {
    Path cert = Files.write(dir.resolve("cert.der"), CA.certificate().getEncoded());
    Path key = CA.issue(KeyType.EC, "localhost").writeKey(dir.resolve("k.pem"), KeyFormat.PKCS8);

    assertThatThrownBy(() -> CertifiedKey.read(cert, key))
        .isInstanceOf(TlsFileException.class)
        .hasMessageStartingWith("tls_cert " + cert + ": holds no certificate;");
  }

  @Test
  void broken_base64_is_refused() throws IOException {
    Path cert =
        Files.writeString(
            dir.resolve("cert.pem"),
            "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
    Path key = CA.issue(KeyType.EC, "localhost").writeKey(dir.resolve("k.pem"), KeyFormat.PKCS8);

    assertThatThrownBy(() -> CertifiedKey.read(cert, key))
        .isInstanceOf(TlsFileException.class)
        .hasMessageStartingWith("tls_cert " + cert + ": is not a valid PEM file: ");
  }

  @Test
  void a_key_file_without_a_key_is_refused() {
    TestCa.Issued issued = CA.issue(KeyType.EC, "localhost");
    Path cert = issued.writeChain(dir.resolve("cert.pem"));

    assertThatThrownBy(() -> CertifiedKey.read(cert, cert))
        .isInstanceOf(TlsFileException.class)
        .hasMessageStartingWith("tls_key " + cert + ": holds no private key;");
  }

  @Test
  void an_encrypted_key_is_refused_with_the_way_to_decrypt_it() throws IOException {
    TestCa.Issued issued = CA.issue(KeyType.EC, "localhost");
    Path cert = issued.writeChain(dir.resolve("cert.pem"));
    Path key = issued.writeKey(dir.resolve("key.pem"), KeyFormat.ENCRYPTED);
    assertThat(Files.readAllLines(key).get(0)).isEqualTo("-----BEGIN ENCRYPTED PRIVATE KEY-----");

    assertThatThrownBy(() -> CertifiedKey.read(cert, key))
        .isInstanceOf(TlsFileException.class)
        .hasMessageStartingWith("tls_key " + key + ": the private key is encrypted")
        .hasMessageContaining("openssl pkey -in " + key);
  }

  @Test
  void a_ca_file_without_certificates_is_named_by_its_option() throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "hello\n");

    assertThatThrownBy(() -> ClientTls.create(ca, "--ca-file", "--ca-file FILE"))
        .isInstanceOf(TlsFileException.class)
        .hasMessageStartingWith("--ca-file " + ca + ": holds no certificate;");
  }
}
