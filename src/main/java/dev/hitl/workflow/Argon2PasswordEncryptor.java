package dev.hitl.workflow;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import org.camunda.bpm.engine.impl.digest.PasswordEncryptor;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id for the engine's accounts, with the OWASP parameters (19 MiB, 2 iterations, 1
 * lane): about 35 ms per hash on one core. Each hash holds 19 MiB, so only a few run at
 * once; a burst of logins queues instead of exhausting memory.
 */
final class Argon2PasswordEncryptor implements PasswordEncryptor {

	static final String NAME = "argon2id";

	static final int MEMORY_KIB = 19 * 1024;

	static final int ITERATIONS = 2;

	private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, MEMORY_KIB, ITERATIONS);

	private final Semaphore slots = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors() * 2), true);

	@Override
	public String encrypt(String password) {
		return withSlot(() -> this.encoder.encode(password));
	}

	@Override
	public boolean check(String password, String encrypted) {
		return withSlot(() -> this.encoder.matches(password, encrypted));
	}

	@Override
	public String hashAlgorithmName() {
		return NAME;
	}

	private <T> T withSlot(Supplier<T> hashing) {
		try {
			this.slots.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting to hash a password", ex);
		}
		try {
			return hashing.get();
		}
		finally {
			this.slots.release();
		}
	}

}
