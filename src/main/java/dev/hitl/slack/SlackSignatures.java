package dev.hitl.slack;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signature v0: {@code v0=} hex HMAC-SHA256 of
 * {@code v0:{X-Slack-Request-Timestamp}:{raw body}} with the app's signing secret, and a
 * timestamp within five minutes of now. Checked before anything of the body is read.
 */
final class SlackSignatures {

	static final Duration WINDOW = Duration.ofMinutes(5);

	private final byte[] secret;

	SlackSignatures(String signingSecret) {
		this.secret = signingSecret.getBytes(StandardCharsets.UTF_8);
	}

	boolean isValid(String timestamp, String signature, byte[] body, Instant now) {
		if (timestamp == null || signature == null || body == null || timestamp.length() > 12
				|| !timestamp.chars().allMatch(Character::isDigit) || timestamp.isEmpty()) {
			return false;
		}
		long seconds = Long.parseLong(timestamp);
		if (Math.abs(now.getEpochSecond() - seconds) > WINDOW.toSeconds()) {
			return false;
		}
		byte[] expected = sign(timestamp, body).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
	}

	String sign(String timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
			mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
			return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

}
