package dev.hitl.slack;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlackSignaturesTests {

	/**
	 * Slack's documented example
	 * (api.slack.com/authentication/verifying-requests-from-slack).
	 */
	private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

	private static final String TIMESTAMP = "1531420618";

	private static final byte[] BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&"
			+ "channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&"
			+ "text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&"
			+ "trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
		.getBytes(StandardCharsets.UTF_8);

	private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

	private static final Instant NOW = Instant.ofEpochSecond(Long.parseLong(TIMESTAMP) + 60);

	private final SlackSignatures signatures = new SlackSignatures(SECRET);

	@Test
	void slacksOwnExampleIsValid() {
		assertThat(this.signatures.sign(TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
		assertThat(this.signatures.isValid(TIMESTAMP, SIGNATURE, BODY, NOW)).isTrue();
	}

	@Test
	void anotherBodyOrSecretIsRefused() {
		byte[] changed = BODY.clone();
		changed[0] = 'T';
		assertThat(this.signatures.isValid(TIMESTAMP, SIGNATURE, changed, NOW)).isFalse();
		assertThat(new SlackSignatures("another-secret").isValid(TIMESTAMP, SIGNATURE, BODY, NOW)).isFalse();
		assertThat(this.signatures.isValid(TIMESTAMP, SIGNATURE.toUpperCase(), BODY, NOW)).isFalse();
	}

	@Test
	void timestampOutsideFiveMinutesIsRefused() {
		assertThat(this.signatures.isValid(TIMESTAMP, SIGNATURE, BODY, NOW.plusSeconds(300))).isFalse();
		assertThat(this.signatures.isValid(TIMESTAMP, SIGNATURE, BODY, Instant.ofEpochSecond(1531420618 - 301)))
			.isFalse();
	}

	@Test
	void missingOrMalformedHeadersAreRefused() {
		assertThat(this.signatures.isValid(null, SIGNATURE, BODY, NOW)).isFalse();
		assertThat(this.signatures.isValid(TIMESTAMP, null, BODY, NOW)).isFalse();
		assertThat(this.signatures.isValid("", SIGNATURE, BODY, NOW)).isFalse();
		assertThat(this.signatures.isValid("-1531420618", SIGNATURE, BODY, NOW)).isFalse();
		assertThat(this.signatures.isValid("99999999999999999999", SIGNATURE, BODY, NOW)).isFalse();
		assertThat(this.signatures.isValid("1531420618.5", SIGNATURE, BODY, NOW)).isFalse();
		assertThat(this.signatures.isValid(TIMESTAMP, "v0=", BODY, NOW)).isFalse();
	}

}
