package dev.hitl.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The edge's settings, under {@code hitl.*}.
 *
 * @param secretKey {@code HITL_SECRET_KEY}: base64 of 32 bytes, encrypts webhook secrets
 * at rest
 * @param rateLimit requests allowed per minute
 * @param session idle and absolute lifetime of portal and webapp sessions
 * @param cors {@code HITL_CORS_ALLOWED_ORIGINS}: browser origins allowed to call the API
 * @param oidc {@code HITL_OIDC_*}: bearer tokens for the reviewer API
 * @param request limits on what a request may carry
 */
@ConfigurationProperties("hitl")
record SecuritySettings(String secretKey, @DefaultValue RateLimit rateLimit, @DefaultValue Session session,
		@DefaultValue Cors cors, @DefaultValue Oidc oidc, @DefaultValue Request request) {

	@Override
	public String toString() {
		return "SecuritySettings[secretKey=****, rateLimit=" + this.rateLimit + ", session=" + this.session + ", cors="
				+ this.cors + ", oidc=" + this.oidc + ", request=" + this.request + "]";
	}

	/**
	 * @param consultationCreatePerMinute per API key, on
	 * {@code POST /api/v1/consultations}
	 * @param loginPerMinute per client address and per user name: webapp and portal login
	 * attempts, and HTTP Basic failures
	 * @param emailActionPerMinute per client address, on the email answer pages
	 * ({@code /email-actions/**}), whatever the token
	 * @param emailActionTokenPerMinute per token, on the same pages, from any address
	 */
	record RateLimit(@DefaultValue("120") int consultationCreatePerMinute, @DefaultValue("10") int loginPerMinute,
			@DefaultValue("60") int emailActionPerMinute, @DefaultValue("10") int emailActionTokenPerMinute) {
	}

	/**
	 * @param absoluteTimeout a session ends this long after it began, however active
	 * @param accountCheck how long a portal session may go on with its account's groups
	 * as they were, before they are read again
	 */
	record Session(@DefaultValue("12h") Duration absoluteTimeout, @DefaultValue("1m") Duration accountCheck) {
	}

	record Cors(@DefaultValue List<String> allowedOrigins) {
	}

	/**
	 * @param issuerUri the issuer every token's {@code iss} must name; without a JWK set
	 * URI its OpenID discovery document says where the keys are
	 * @param jwkSetUri where the signing keys are, if not discovered from the issuer
	 * @param audience a token's {@code aud} must contain it
	 * @param userClaim the claim holding the reviewer's user id
	 * @param groupsClaim the claim holding the reviewer's groups (an array of strings)
	 */
	record Oidc(String issuerUri, String jwkSetUri, String audience, @DefaultValue("sub") String userClaim,
			@DefaultValue("groups") String groupsClaim) {

		boolean enabled() {
			return hasText(this.issuerUri) || hasText(this.jwkSetUri);
		}

		private static boolean hasText(String value) {
			return value != null && !value.isBlank();
		}

	}

	/**
	 * @param maxBodySize larger request bodies are refused with 413 before anything reads
	 * them
	 * @param maxDeploymentSize the limit for BPMN and form uploads to the engine's REST
	 * API
	 */
	record Request(@DefaultValue("256KB") DataSize maxBodySize, @DefaultValue("10MB") DataSize maxDeploymentSize) {
	}

}
