package dev.hitl.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import dev.hitl.security.SecuritySettings.Cors;
import dev.hitl.security.SecuritySettings.Oidc;
import dev.hitl.security.SecuritySettings.RateLimit;
import dev.hitl.security.SecuritySettings.Request;
import dev.hitl.security.SecuritySettings.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretCipherTests {

	private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

	@Test
	void secretsRoundTripAndAreNeverStoredInClear() {
		SecretCipher cipher = cipher(KEY, "jdbc:postgresql://db/hitl");
		String secret = "whsec_c2VjcmV0LXNpZ25pbmcta2V5";
		String stored = cipher.encrypt(secret);
		assertThat(stored).startsWith("v1:").doesNotContain("c2VjcmV0");
		assertThat(cipher.encrypt(secret)).as("a fresh nonce every time").isNotEqualTo(stored);
		assertThat(cipher.decrypt(stored)).isEqualTo(secret);
	}

	@Test
	void tamperedOrForeignCiphertextIsRefused() {
		SecretCipher cipher = cipher(KEY, "jdbc:postgresql://db/hitl");
		String stored = cipher.encrypt("whsec_abc");
		byte[] bytes = Base64.getDecoder().decode(stored.substring(3));
		bytes[bytes.length - 1] ^= 1;
		assertThatThrownBy(() -> cipher.decrypt("v1:" + Base64.getEncoder().encodeToString(bytes)))
			.isInstanceOf(IllegalStateException.class);
		byte[] otherKey = new byte[32];
		otherKey[0] = 1;
		SecretCipher other = cipher(Base64.getEncoder().encodeToString(otherKey), "jdbc:postgresql://db/hitl");
		assertThatThrownBy(() -> other.decrypt(stored)).hasMessageContaining("HITL_SECRET_KEY");
	}

	@Test
	void aServerDatabaseWithoutAKeyRefusesToStart() {
		assertThatThrownBy(() -> cipher(null, "jdbc:postgresql://db/hitl")).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("HITL_SECRET_KEY is not set")
			.hasMessageContaining("openssl rand -base64 32");
		assertThatThrownBy(() -> cipher("  ", "jdbc:postgresql://db/hitl")).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void aKeyMustBe32Bytes() {
		assertThatThrownBy(() -> cipher(Base64.getEncoder().encodeToString(new byte[16]), "jdbc:h2:mem:x"))
			.hasMessageContaining("32 bytes");
		assertThatThrownBy(() -> cipher("not base64!", "jdbc:h2:mem:x")).hasMessageContaining("base64");
	}

	@Test
	void theEmbeddedDatabaseKeepsAGeneratedKeyBesideItsData(@TempDir Path data) throws Exception {
		String url = "jdbc:h2:file:" + data.resolve("hitl") + ";DB_CLOSE_ON_EXIT=FALSE";
		String stored = cipher(null, url).encrypt("whsec_kept");
		Path keyFile = data.resolve("secret.key");
		assertThat(keyFile).exists();
		assertThat(Base64.getDecoder().decode(Files.readString(keyFile).trim())).hasSize(32);
		assertThat(Files.getPosixFilePermissions(keyFile)).containsExactlyInAnyOrder(
				java.nio.file.attribute.PosixFilePermission.OWNER_READ,
				java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
		assertThat(cipher(null, url).decrypt(stored)).as("the next start reads the same key").isEqualTo("whsec_kept");
	}

	/** A cipher under the given key, as a node on PostgreSQL configured with it. */
	static SecretCipher cipherWithKey(String key) {
		return cipher(key, "jdbc:postgresql://db/hitl");
	}

	private static SecretCipher cipher(String key, String url) {
		DataSourceProperties dataSource = new DataSourceProperties();
		dataSource.setUrl(url);
		return new SecretCipher(new SecuritySettings(key, new RateLimit(120, 10, 60, 10), new Session(null, null),
				new Cors(java.util.List.of()), new Oidc(null, null, null, "sub", "groups"), new Request(null, null)),
				dataSource);
	}

}
