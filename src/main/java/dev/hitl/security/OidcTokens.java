package dev.hitl.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.hitl.security.SecuritySettings.Oidc;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * OIDC access tokens for the reviewer API: signature (keys from the JWK set, or from the
 * issuer's discovery document, fetched when first needed), expiry, issuer and audience
 * are checked; the reviewer's id and groups come from configurable claims. A token makes
 * its holder a reviewer only: administration and the engine's REST API need an account of
 * the engine's identity service.
 */
final class OidcTokens {

	private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

	private static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

	private OidcTokens() {
	}

	static JwtDecoder decoder(Oidc oidc) {
		if (!hasText(oidc.issuerUri())) {
			throw new IllegalStateException("HITL_OIDC_ISSUER_URI must be set with HITL_OIDC_JWK_SET_URI: "
					+ "every token's issuer is checked against it");
		}
		if (!hasText(oidc.audience())) {
			throw new IllegalStateException("HITL_OIDC_AUDIENCE must be set when OIDC is enabled: "
					+ "a token must name this service in its 'aud' claim");
		}
		OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(),
				new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull),
				new JwtIssuerValidator(oidc.issuerUri()), new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
						(audience) -> audience != null && audience.contains(oidc.audience())));
		if (hasText(oidc.jwkSetUri())) {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri())
				.jwsAlgorithms((algorithms) -> algorithms
					.addAll(List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.RS384, SignatureAlgorithm.RS512,
							SignatureAlgorithm.PS256, SignatureAlgorithm.ES256, SignatureAlgorithm.ES384)))
				.build();
			decoder.setJwtValidator(validator);
			return decoder;
		}
		return new SupplierJwtDecoder(() -> {
			NimbusJwtDecoder decoder = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(oidc.issuerUri());
			decoder.setJwtValidator(validator);
			return decoder;
		});
	}

	static JwtAuthenticationProvider authenticationProvider(Oidc oidc) {
		JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder(oidc));
		provider.setJwtAuthenticationConverter(reviewers(oidc));
		return provider;
	}

	static Converter<Jwt, AbstractAuthenticationToken> reviewers(Oidc oidc) {
		return (jwt) -> {
			String userId = jwt.getClaimAsString(oidc.userClaim());
			if (userId == null || !USER_ID.matcher(userId).matches()) {
				// An AuthenticationException, so the caller gets a 401 rather than a 500.
				throw new InvalidBearerTokenException(
						"The token's '" + oidc.userClaim() + "' claim is not a usable user id");
			}
			List<String> groups = new ArrayList<>();
			Object claim = jwt.getClaims().get(oidc.groupsClaim());
			if (claim instanceof Collection<?> values) {
				for (Object value : values) {
					if (value instanceof String group && GROUP_ID.matcher(group).matches()) {
						groups.add(group);
					}
				}
			}
			String name = jwt.getClaimAsString("name");
			Reviewer reviewer = new Reviewer(userId, (name != null && !name.isBlank()) ? name : userId,
					jwt.getClaimAsString("email"), List.copyOf(groups), false);
			return new ReviewerToken(reviewer, jwt);
		};
	}

	/**
	 * Leaves the service's own API keys and worker tokens to the {@link AgentKeys} filter
	 * and {@link WorkerTokenAuthenticationFilter}.
	 */
	static BearerTokenResolver resolverSkippingApiKeys() {
		DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();
		return (request) -> {
			String token = standard.resolve(request);
			return (token != null && (token.startsWith(AgentKeys.KEY_PREFIX) || WorkerTokens.looksLikeOne(token)))
					? null : token;
		};
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

	/** A reviewer authenticated by an OIDC access token. */
	static final class ReviewerToken extends AbstractAuthenticationToken {

		private final Reviewer reviewer;

		private final transient Jwt jwt;

		ReviewerToken(Reviewer reviewer, Jwt jwt) {
			super(List.of(new SimpleGrantedAuthority(IdentityAuthenticationProvider.ROLE_REVIEWER)));
			this.reviewer = reviewer;
			this.jwt = jwt;
			setAuthenticated(true);
		}

		@Override
		public Object getCredentials() {
			return this.jwt.getTokenValue();
		}

		@Override
		public Reviewer getPrincipal() {
			return this.reviewer;
		}

	}

}
