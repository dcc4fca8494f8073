package dev.hitl.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.hitl.system.EmbeddedDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets that must stay usable (webhook signing secrets) with AES-256-GCM under
 * {@code HITL_SECRET_KEY}. The embedded H2 default keeps a generated key beside its data;
 * a server database without a configured key refuses to start, because a key generated on
 * one node could not decrypt on another.
 */
@Component
public class SecretCipher {

	private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);

	private static final String VERSION = "v1:";

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecureRandom random = new SecureRandom();

	private final SecretKey key;

	SecretCipher(SecuritySettings settings, DataSourceProperties dataSource) {
		this.key = new SecretKeySpec(resolveKey(settings.secretKey(), dataSource.determineUrl()), "AES");
	}

	public String encrypt(String plain) {
		try {
			byte[] iv = new byte[IV_BYTES];
			this.random.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, iv));
			byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
			return VERSION + Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot encrypt secret", ex);
		}
	}

	/**
	 * A secret for an internal purpose, the same on every node that shares the key, e.g.
	 * the password of the workers' engine account.
	 */
	public String derive(String purpose) {
		try {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key.getEncoded(), "HmacSHA256"));
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(mac.doFinal(("hitl-derive-v1:" + purpose).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot derive secret", ex);
		}
	}

	public String decrypt(String stored) {
		if (!stored.startsWith(VERSION)) {
			throw new IllegalArgumentException("Unknown secret format");
		}
		try {
			byte[] data = Base64.getDecoder().decode(stored.substring(VERSION.length()));
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
			return new String(cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot decrypt secret: wrong HITL_SECRET_KEY?", ex);
		}
	}

	private byte[] resolveKey(String configured, String jdbcUrl) {
		if (configured != null && !configured.isBlank()) {
			return decodeKey(configured.trim());
		}
		if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:h2:")) {
			throw new IllegalStateException(
					"HITL_SECRET_KEY is not set. A server database needs the same key on every node: generate one with "
							+ "'openssl rand -base64 32' and set HITL_SECRET_KEY.");
		}
		if (jdbcUrl.startsWith("jdbc:h2:mem:")) {
			return randomKey();
		}
		return keyFileBeside(jdbcUrl);
	}

	private byte[] keyFileBeside(String jdbcUrl) {
		Path keyFile = EmbeddedDatabase.fileOf(jdbcUrl)
			.orElseThrow(() -> new IllegalStateException(
					"HITL_SECRET_KEY is not set, and an H2 server database needs it as any server database does"))
			.resolveSibling("secret.key");
		try {
			if (Files.exists(keyFile)) {
				return decodeKey(Files.readString(keyFile).trim());
			}
			Files.createDirectories(keyFile.getParent());
			byte[] generated = randomKey();
			Files.writeString(keyFile, Base64.getEncoder().encodeToString(generated));
			try {
				Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// Not a POSIX file system; the data folder's own protection applies.
			}
			log.info("Generated the secret key for the embedded database at {}", keyFile);
			return generated;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create " + keyFile, ex);
		}
	}

	private byte[] randomKey() {
		byte[] generated = new byte[32];
		this.random.nextBytes(generated);
		return generated;
	}

	private static byte[] decodeKey(String base64) {
		byte[] decoded;
		try {
			decoded = Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("HITL_SECRET_KEY must be base64 of 32 bytes", ex);
		}
		if (decoded.length != 32) {
			throw new IllegalStateException("HITL_SECRET_KEY must be base64 of 32 bytes, got " + decoded.length);
		}
		return decoded;
	}

}
