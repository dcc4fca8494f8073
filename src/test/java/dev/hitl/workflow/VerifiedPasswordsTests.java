package dev.hitl.workflow;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VerifiedPasswordsTests {

	private final VerifiedPasswords verified = new VerifiedPasswords(Duration.ofMinutes(5), 100);

	@Test
	void nothingMatchesBeforeAPasswordWasVerified() {
		assertThat(this.verified.matches("alice", "{argon2id}hash-1", "secret")).isFalse();
	}

	@Test
	void aVerifiedPasswordMatchesTheSameAccountAndStoredHash() {
		this.verified.remember("alice", "{argon2id}hash-1", "secret");
		assertThat(this.verified.matches("alice", "{argon2id}hash-1", "secret")).isTrue();
	}

	@Test
	void anotherPasswordAnotherHashOrAnotherAccountDoesNotMatch() {
		this.verified.remember("alice", "{argon2id}hash-1", "secret");
		assertThat(this.verified.matches("alice", "{argon2id}hash-1", "Secret")).isFalse();
		assertThat(this.verified.matches("alice", "{argon2id}hash-1", "secret\0")).isFalse();
		assertThat(this.verified.matches("alice", "{argon2id}hash-2", "secret")).isFalse();
		assertThat(this.verified.matches("bob", "{argon2id}hash-1", "secret")).isFalse();
	}

	@Test
	void aPasswordVerifiedAgainstANewHashReplacesTheOldOne() {
		this.verified.remember("alice", "{argon2id}hash-1", "old");
		this.verified.remember("alice", "{argon2id}hash-2", "new");
		assertThat(this.verified.matches("alice", "{argon2id}hash-1", "old")).isFalse();
		assertThat(this.verified.matches("alice", "{argon2id}hash-2", "new")).isTrue();
	}

	@Test
	void entriesExpire() throws InterruptedException {
		VerifiedPasswords shortLived = new VerifiedPasswords(Duration.ofMillis(50), 100);
		shortLived.remember("alice", "{argon2id}hash-1", "secret");
		Thread.sleep(200);
		assertThat(shortLived.matches("alice", "{argon2id}hash-1", "secret")).isFalse();
	}

}
