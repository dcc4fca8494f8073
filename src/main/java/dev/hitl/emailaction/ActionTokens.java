package dev.hitl.emailaction;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import dev.hitl.system.Sha256;

/**
 * Answer link tokens: 256 random bits, base64url without padding (43 characters), kept
 * only as their SHA-256. A token that is not of that form is refused before any lookup.
 */
final class ActionTokens {

	static final int BYTES = 32;

	private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{43}");

	private static final SecureRandom RANDOM = new SecureRandom();

	private ActionTokens() {
	}

	static String mint() {
		byte[] bytes = new byte[BYTES];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static boolean isWellFormed(String token) {
		return token != null && FORM.matcher(token).matches();
	}

	/** The hex SHA-256 of the token, the only form in which it is stored. */
	static String hash(String token) {
		return Sha256.hex(token);
	}

}
