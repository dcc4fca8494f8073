package dev.hitl.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * How the delivery workers prove themselves to the engine's REST API: a bearer token that
 * only a holder of {@code HITL_SECRET_KEY} can make, minted for every request and good
 * for a few minutes, checked with an HMAC in constant time. No account, password,
 * identity service or login throttle is involved, so nothing a stranger does at a login
 * can refuse the workers' polls; and every node of a cluster shares the key, so a worker
 * may poll another node ({@code hitl.worker.engine-url}).
 * <p>
 * A token is {@code hitlw1.<unix seconds>.<base64url HMAC-SHA256 of "hitlw1.<seconds>">};
 * the window allows for clocks that differ between nodes.
 */
@Component
public class WorkerTokens {

	static final String PREFIX = "hitlw1.";

	private static final String ALGORITHM = "HmacSHA256";

	private static final Duration VALIDITY = Duration.ofMinutes(5);

	private final SecretKeySpec key;

	private final Clock clock;

	WorkerTokens(SecretCipher secrets, Clock clock) {
		this.key = new SecretKeySpec(secrets.derive("engine-rest-worker-token").getBytes(StandardCharsets.US_ASCII),
				ALGORITHM);
		this.clock = clock;
	}

	/** A fresh token for one request of the workers. */
	public String issue() {
		String claim = PREFIX + this.clock.instant().getEpochSecond();
		return claim + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(claim));
	}

	static boolean looksLikeOne(String token) {
		return token != null && token.startsWith(PREFIX);
	}

	/** Whether the token was made with this cluster's key within the validity window. */
	boolean isValid(String token) {
		if (!looksLikeOne(token) || token.length() > 128) {
			return false;
		}
		int dot = token.indexOf('.', PREFIX.length());
		if (dot < 0) {
			return false;
		}
		long seconds;
		byte[] given;
		try {
			seconds = Long.parseLong(token.substring(PREFIX.length(), dot));
			given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		long now = this.clock.instant().getEpochSecond();
		boolean fresh = Math.abs(now - seconds) <= VALIDITY.toSeconds();
		// Compared whatever the time says: a stale token costs what a fresh one does.
		boolean signed = MessageDigest.isEqual(mac(token.substring(0, dot)), given);
		return fresh && signed;
	}

	private byte[] mac(String claim) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return mac.doFinal(claim.getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
