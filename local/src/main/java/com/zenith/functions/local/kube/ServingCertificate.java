package com.zenith.functions.local.kube;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;

/**
 * The API's TLS certificate: a self-signed EC P-256 certificate for 127.0.0.1 and localhost,
 * generated once per state directory (key mode 0600) and trusted by the kubeconfig as its own CA.
 * TLS is needed because kubectl sends no bearer token to a plain-HTTP server. The certificate is
 * encoded here (a few DER structures) so the engine needs no crypto library beyond the JDK's.
 */
public final class ServingCertificate {
  /** The files, in the state directory. */
  public static final String CERT_FILE = "api-tls.crt";

  /** The private key's file (PKCS#8 PEM, mode 0600). */
  public static final String KEY_FILE = "api-tls.key";

  private static final Duration VALIDITY = Duration.ofDays(3650);

  private final X509Certificate certificate;
  private final PrivateKey key;

  private ServingCertificate(X509Certificate certificate, PrivateKey key) {
    this.certificate = certificate;
    this.key = key;
  }

  /** The certificate kept in {@code stateDir}, generated there when missing or expired. */
  public static ServingCertificate forStateDir(Path stateDir) throws IOException {
    Path crt = stateDir.resolve(CERT_FILE);
    Path keyFile = stateDir.resolve(KEY_FILE);
    if (Files.exists(crt) && Files.exists(keyFile)) {
      try {
        ServingCertificate c = read(Files.readString(crt), Files.readString(keyFile));
        if (c.certificate
            .getNotAfter()
            .toInstant()
            .isAfter(Instant.now().plus(Duration.ofDays(1)))) {
          return c;
        }
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // Unreadable: make a new one (only old kubeconfigs stop working).
      }
    }
    ServingCertificate c = generate(Instant.now());
    Token.writePrivate(keyFile, pem("PRIVATE KEY", c.key.getEncoded()));
    Token.writePrivate(crt, c.certificatePem());
    return c;
  }

  /** A new certificate valid from an hour before {@code now}. */
  static ServingCertificate generate(Instant now) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      byte[] serial = new byte[16];
      new SecureRandom().nextBytes(serial);
      serial[0] &= 0x7f;
      byte[] ecdsaSha256 = Der.seq(Der.oid(1, 2, 840, 10045, 4, 3, 2));
      byte[] name =
          Der.seq(Der.set(Der.seq(Der.oid(2, 5, 4, 3), Der.utf8("zenith local engine API"))));
      byte[] extensions =
          Der.explicit(
              3,
              Der.seq(
                  Der.extension(Der.oid(2, 5, 29, 19), true, Der.seq(Der.bool(true))),
                  // digitalSignature and keyCertSign
                  Der.extension(
                      Der.oid(2, 5, 29, 15), true, new byte[] {0x03, 0x02, 0x02, (byte) 0x84}),
                  Der.extension(
                      Der.oid(2, 5, 29, 37), false, Der.seq(Der.oid(1, 3, 6, 1, 5, 5, 7, 3, 1))),
                  Der.extension(
                      Der.oid(2, 5, 29, 17),
                      false,
                      Der.seq(
                          Der.tagged(0x87, new byte[] {127, 0, 0, 1}),
                          Der.tagged(0x82, "localhost".getBytes(StandardCharsets.US_ASCII))))));
      byte[] tbs =
          Der.seq(
              Der.explicit(0, Der.integer(BigInteger.TWO)),
              Der.integer(new BigInteger(serial)),
              ecdsaSha256,
              name,
              Der.seq(Der.time(now.minus(Duration.ofHours(1))), Der.time(now.plus(VALIDITY))),
              name,
              kp.getPublic().getEncoded(),
              extensions);
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(kp.getPrivate());
      s.update(tbs);
      byte[] der = Der.seq(tbs, ecdsaSha256, Der.bitString(s.sign()));
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
      cert.verify(kp.getPublic());
      return new ServingCertificate(cert, kp.getPrivate());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the API's TLS certificate: " + e, e);
    }
  }

  private static ServingCertificate read(String crtPem, String keyPem)
      throws GeneralSecurityException {
    X509Certificate cert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(unpem(crtPem)));
    PrivateKey key =
        KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(unpem(keyPem)));
    return new ServingCertificate(cert, key);
  }

  /** The certificate in PEM, for a kubeconfig's certificate-authority-data. */
  public String certificatePem() {
    try {
      return pem("CERTIFICATE", certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The certificate itself. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** Key managers serving this certificate. */
  public KeyManagerFactory keyManagers() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = new char[0];
      ks.setKeyEntry("api", key, pw, new java.security.cert.Certificate[] {certificate});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      return kmf;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot load the API's TLS key: " + e, e);
    }
  }

  /** A client TLS context that trusts this certificate (and nothing else). */
  public javax.net.ssl.SSLContext clientContext() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("api", certificate);
      javax.net.ssl.TrustManagerFactory tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust the API's certificate: " + e, e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static byte[] unpem(String pem) {
    return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
  }

  /** The few DER encodings an X.509 certificate needs. */
  static final class Der {
    private Der() {}

    static byte[] tagged(int tag, byte[] content) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(tag);
      int n = content.length;
      if (n < 0x80) {
        out.write(n);
      } else if (n < 0x100) {
        out.write(0x81);
        out.write(n);
      } else {
        out.write(0x82);
        out.write(n >> 8);
        out.write(n & 0xff);
      }
      out.writeBytes(content);
      return out.toByteArray();
    }

    static byte[] seq(byte[]... parts) {
      return tagged(0x30, concat(parts));
    }

    static byte[] set(byte[]... parts) {
      return tagged(0x31, concat(parts));
    }

    static byte[] explicit(int n, byte[] content) {
      return tagged(0xa0 + n, content);
    }

    static byte[] integer(BigInteger i) {
      return tagged(0x02, i.toByteArray());
    }

    static byte[] bool(boolean b) {
      return new byte[] {0x01, 0x01, (byte) (b ? 0xff : 0)};
    }

    static byte[] utf8(String s) {
      return tagged(0x0c, s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] bitString(byte[] b) {
      return tagged(0x03, concat(new byte[] {0}, b));
    }

    static byte[] octets(byte[] b) {
      return tagged(0x04, b);
    }

    static byte[] extension(byte[] oid, boolean critical, byte[] value) {
      return critical ? seq(oid, bool(true), octets(value)) : seq(oid, octets(value));
    }

    static byte[] time(Instant t) {
      var z = t.atZone(ZoneOffset.UTC);
      return z.getYear() < 2050
          ? tagged(
              0x17,
              DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
                  .format(z)
                  .getBytes(StandardCharsets.US_ASCII))
          : tagged(
              0x18,
              DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
                  .format(z)
                  .getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] oid(int... arcs) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(40 * arcs[0] + arcs[1]);
      for (int i = 2; i < arcs.length; i++) {
        int v = arcs[i];
        int shift = 28;
        while (shift > 0 && (v >> shift) == 0) {
          shift -= 7;
        }
        for (; shift > 0; shift -= 7) {
          out.write(0x80 | ((v >> shift) & 0x7f));
        }
        out.write(v & 0x7f);
      }
      return tagged(0x06, out.toByteArray());
    }

    private static byte[] concat(byte[]... parts) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] p : parts) {
        out.writeBytes(p);
      }
      return out.toByteArray();
    }
  }
}
