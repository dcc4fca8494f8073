package dev.hitl.workflow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import dev.hitl.ApiTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class PasswordHashingTests extends ApiTestSupport {

	@org.springframework.beans.factory.annotation.Autowired
	private org.camunda.bpm.engine.IdentityService identity;

	@Test
	void newPasswordsAreKeptAsArgon2idWithOwaspParameters() {
		String userId = uniqueId("rev");
		newReviewer(userId);
		assertThat(storedHash(userId)).startsWith("{argon2id}$argon2id$v=19$m=19456,t=2,p=1$");
	}

	@Test
	void aCamundaSha512HashStillWorksAndIsUpgradedAtTheNextLogin() throws Exception {
		String userId = uniqueId("legacy");
		String basic = newReviewer(userId, "reviewers");
		String password = "pw-" + userId + "-secret";
		String salt = this.jdbc.queryForObject("select salt_ from act_id_user where id_ = ?", String.class, userId);
		// What Camunda's default encryptor stored before this project changed it.
		String legacy = "{SHA-512}" + Base64.getEncoder()
			.encodeToString(
					MessageDigest.getInstance("SHA-512").digest((password + salt).getBytes(StandardCharsets.UTF_8)));
		this.jdbc.update("update act_id_user set pwd_ = ? where id_ = ?", legacy, userId);

		assertThat(storedHash(userId)).isEqualTo(legacy);
		assertThat(api().get("/api/v1/review/consultations", basic).status()).isEqualTo(200);
		assertThat(storedHash(userId)).startsWith("{argon2id}");
		assertThat(api().get("/api/v1/review/consultations", basic).status()).isEqualTo(200);
	}

	@Test
	void aPasswordChangedOnAnyNodeEndsTheOldOneAtOnce() {
		String userId = uniqueId("rev");
		String oldBasic = newReviewer(userId, "reviewers");
		// The old password matched lately and is remembered.
		assertThat(api().get("/api/v1/review/consultations", oldBasic).status()).isEqualTo(200);
		assertThat(api().get("/api/v1/review/consultations", oldBasic).status()).isEqualTo(200);

		assertThat(
				api()
					.put("/engine-rest/user/" + userId + "/credentials", ADMIN_AUTH,
							java.util.Map.of("password", "a-brand-new-password", "authenticatedUserPassword",
									ADMIN_PASSWORD))
					.status())
			.isEqualTo(204);
		String newBasic = dev.hitl.HttpApi.basic(userId, "a-brand-new-password");
		assertThat(api().get("/api/v1/review/consultations", newBasic).status()).isEqualTo(200);
		assertThat(api().get("/api/v1/review/consultations", newBasic).status()).isEqualTo(200);
		assertThat(api().get("/api/v1/review/consultations", oldBasic).status()).isEqualTo(401);

		// Another node changes the stored hash in the shared database: this node's memory
		// of
		// the password it verified no longer counts.
		String otherHash = this.jdbc.queryForObject("select pwd_ from act_id_user where id_ = ?", String.class, ADMIN);
		this.jdbc.update("update act_id_user set pwd_ = ? where id_ = ?", otherHash, userId);
		assertThat(api().get("/api/v1/review/consultations", newBasic).status()).isEqualTo(401);
	}

	@Test
	void aNameNobodyHasTakesAsLongToRefuseAsAWrongPassword() {
		String userId = uniqueId("timed");
		newReviewer(userId);
		String unknown = uniqueId("nobody");
		this.identity.checkPassword(userId, "warm-up");
		this.identity.checkPassword(unknown, "warm-up");
		int rounds = 15;
		long[] known = new long[rounds];
		long[] nobody = new long[rounds];
		for (int i = 0; i < rounds; i++) {
			long started = System.nanoTime();
			assertThat(this.identity.checkPassword(userId, "wrong-" + i)).isFalse();
			known[i] = System.nanoTime() - started;
			started = System.nanoTime();
			assertThat(this.identity.checkPassword(unknown, "wrong-" + i)).isFalse();
			nobody[i] = System.nanoTime() - started;
		}
		java.util.Arrays.sort(known);
		java.util.Arrays.sort(nobody);
		double knownMillis = known[rounds / 2] / 1e6;
		double nobodyMillis = nobody[rounds / 2] / 1e6;
		System.out.printf("Refusing a wrong password: %.1f ms (median of %d) for an account, %.1f ms for a name"
				+ " nobody has%n", knownMillis, rounds, nobodyMillis);
		// Both pay the hash; without the stand-in a wrong name took a seventh of the
		// time.
		assertThat(nobodyMillis).isGreaterThan(knownMillis * 0.3);
	}

	@Test
	void oneHashCostsTensOfMilliseconds() {
		Argon2PasswordEncryptor encryptor = new Argon2PasswordEncryptor();
		encryptor.encrypt("warm-up");
		int rounds = 10;
		long started = System.nanoTime();
		String hash = null;
		for (int i = 0; i < rounds; i++) {
			hash = encryptor.encrypt("correct horse battery staple");
		}
		double encryptMillis = (System.nanoTime() - started) / 1e6 / rounds;
		started = System.nanoTime();
		for (int i = 0; i < rounds; i++) {
			assertThat(encryptor.check("correct horse battery staple", hash)).isTrue();
		}
		double checkMillis = (System.nanoTime() - started) / 1e6 / rounds;
		System.out.printf("Argon2id (m=19 MiB, t=2, p=1): %.1f ms per hash, %.1f ms per check%n", encryptMillis,
				checkMillis);
		assertThat(encryptor.check("Correct horse battery staple", hash)).isFalse();
		assertThat(checkMillis).as("slow enough to matter to a guesser").isGreaterThan(5);
	}

	private String storedHash(String userId) {
		return this.jdbc.queryForObject("select pwd_ from act_id_user where id_ = ?", String.class, userId);
	}

}
