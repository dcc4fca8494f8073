package dev.hitl.emailaction;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ActionTokensTests {

	@Test
	void tokensCarry256RandomBitsAsUnpaddedBase64Url() {
		Set<String> tokens = new HashSet<>();
		for (int i = 0; i < 1_000; i++) {
			String token = ActionTokens.mint();
			assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
			assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
			assertThat(ActionTokens.isWellFormed(token)).isTrue();
			tokens.add(token);
		}
		assertThat(tokens).as("no two alike").hasSize(1_000);
	}

	@Test
	void onlyTheSha256IsStoredAndItTellsTokensApart() {
		String token = ActionTokens.mint();
		String hash = ActionTokens.hash(token);
		assertThat(hash).hasSize(64).matches("[0-9a-f]+").doesNotContain(token);
		assertThat(ActionTokens.hash(token)).isEqualTo(hash);
		assertThat(ActionTokens.hash(ActionTokens.mint())).isNotEqualTo(hash);
		// A well-known vector: SHA-256 of the empty string.
		assertThat(ActionTokens.hash("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	}

	@Test
	void anythingButTheMintedFormIsRefusedBeforeAnyLookup() {
		String token = ActionTokens.mint();
		assertThat(ActionTokens.isWellFormed(null)).isFalse();
		assertThat(ActionTokens.isWellFormed("")).isFalse();
		assertThat(ActionTokens.isWellFormed(token.substring(1))).isFalse();
		assertThat(ActionTokens.isWellFormed(token + "A")).isFalse();
		assertThat(ActionTokens.isWellFormed(token.substring(1) + "=")).isFalse();
		assertThat(ActionTokens.isWellFormed(token.substring(1) + "+")).isFalse();
		assertThat(ActionTokens.isWellFormed("' or 1=1 --" + token.substring(11))).isFalse();
	}

}
