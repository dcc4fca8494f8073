package dev.hitl.workflow;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;

/** The first admin: {@code HITL_ADMIN_USER} and {@code HITL_ADMIN_PASSWORD}. */
@Validated
@ConfigurationProperties("hitl.admin")
record IdentitySettings(@NotBlank String user, String password) {

	@Override
	public String toString() {
		return "IdentitySettings[user=" + this.user + ", password=****]";
	}

}
