package dev.hitl.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code HITL_SECRET_KEY}: base64 of 32 bytes, encrypts webhook secrets at rest. */
@ConfigurationProperties("hitl")
record SecuritySettings(String secretKey) {

	@Override
	public String toString() {
		return "SecuritySettings[secretKey=****]";
	}

}
