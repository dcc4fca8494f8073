package dev.hitl.workflow;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Remembers, for a few minutes, that a password matched an account's stored hash, so that
 * HTTP Basic callers (the delivery workers' every poll and completion, scripts, the
 * engine REST API) pay the deliberately slow Argon2id check once, not on every request.
 * <p>
 * An entry holds an HMAC of the password under a key that lives only in this process,
 * bound to the stored hash it was checked against: a changed password, an upgraded hash
 * or a deleted account no longer matches on any node, because the stored hash is read
 * from the database on every check. Only successes are remembered; a wrong password
 * always pays the full price, so guessing stays as slow as the hash makes it.
 */
final class VerifiedPasswords {

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	private final Cache<String, Verified> verified;

	VerifiedPasswords(Duration timeToLive, long maximumAccounts) {
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		this.key = new SecretKeySpec(secret, ALGORITHM);
		this.verified = Caffeine.newBuilder().expireAfterWrite(timeToLive).maximumSize(maximumAccounts).build();
	}

	/**
	 * Whether this password was found to match exactly this stored hash of the account.
	 */
	boolean matches(String userId, String storedHash, String password) {
		Verified entry = this.verified.getIfPresent(userId);
		return entry != null && entry.storedHash().equals(storedHash)
				&& MessageDigest.isEqual(entry.mac(), mac(userId, storedHash, password));
	}

	/** Records that the password matched the stored hash. */
	void remember(String userId, String storedHash, String password) {
		this.verified.put(userId, new Verified(storedHash, mac(userId, storedHash, password)));
	}

	private byte[] mac(String userId, String storedHash, String password) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			for (String part : new String[] { userId, storedHash, password }) {
				mac.update(part.getBytes(StandardCharsets.UTF_8));
				mac.update((byte) 0);
			}
			return mac.doFinal();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Verified(String storedHash, byte[] mac) {
	}

}
