package io.strato.cloud.aws.cluster.selfmanaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyFactory;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cluster's key material, without any cloud: what kubeadm will find on disk. */
class ClusterPkiTest {

  private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

  @Test
  void threeSelfSignedCasAndAServiceAccountKeyWithTheirKubeadmNames() throws Exception {
    ClusterPki pki = ClusterPki.generate(NOW);
    Map<String, String> files = BootstrapSecretsTest.bundle(pki.bundle());

    assertThat(files).isEqualTo(pki.files());
    for (String ca : new String[] {"ca", "etcd/ca", "front-proxy-ca"}) {
      X509Certificate cert = BootstrapSecretsTest.certificate(files.get(ca + ".crt"));
      assertThat(cert.getBasicConstraints()).as(ca).isGreaterThanOrEqualTo(0);
      assertThat(cert.getKeyUsage()[5]).as(ca + " signs certificates").isTrue();
      assertThat(cert.getNotAfter().toInstant())
          .isAfter(NOW.plus(ClusterPki.CA_VALIDITY).minusSeconds(1));
      cert.verify(cert.getPublicKey());
      // The key in the file is the certificate's.
      RSAPrivateCrtKey key = privateKey(files.get(ca + ".key"));
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(new byte[] {1, 2, 3});
      byte[] signed = s.sign();
      s.initVerify(cert.getPublicKey());
      s.update(new byte[] {1, 2, 3});
      assertThat(s.verify(signed)).as(ca).isTrue();
    }
    assertThat(files.get("sa.key")).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(files.get("sa.pub")).startsWith("-----BEGIN PUBLIC KEY-----\n");
  }

  @Test
  void theHashIsKubeadmsAsOpensslComputesIt() throws Exception {
    ClusterPki pki = ClusterPki.generate(NOW);

    assertThat(pki.caCertHash())
        .matches("sha256:[0-9a-f]{64}")
        .isEqualTo(BootstrapSecretsTest.opensslHash(pki.files().get("ca.crt")));
  }

  @Test
  void everyClusterGetsItsOwnCaAndPrintingShowsNoKey() {
    ClusterPki a = ClusterPki.generate(NOW);
    ClusterPki b = ClusterPki.generate(NOW);

    assertThat(a.caCertHash()).isNotEqualTo(b.caCertHash());
    assertThat(a.toString()).contains(a.caCertHash()).doesNotContain("PRIVATE");
  }

  private static RSAPrivateCrtKey privateKey(String pem) throws Exception {
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return (RSAPrivateCrtKey)
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
  }
}
