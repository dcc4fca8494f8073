package dev.hitl.system;

/**
 * Names the controllers use in their OpenAPI annotations, so every module documents its
 * operations against the same security schemes and error schema.
 */
public final class ApiDocs {

	/** Agents: {@code Authorization: Bearer hitl_...}. */
	public static final String API_KEY = "apiKey";

	/** Reviewers and admins: their engine account over HTTP Basic. */
	public static final String BASIC = "basic";

	/** Reviewers: an access token from the configured OpenID Connect issuer. */
	public static final String OIDC = "oidc";

	/** The RFC 9457 problem schema every error response uses. */
	public static final String PROBLEM = "#/components/schemas/Problem";

	private ApiDocs() {
	}

}
