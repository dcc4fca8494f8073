package dev.hitl.security;

import java.net.URI;
import java.util.List;

import dev.hitl.system.ProblemResponses;
import dev.hitl.workflow.CamundaWeb;
import dev.hitl.workflow.ExternalTaskWorkers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.RegexRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.util.UrlPathHelper;

/**
 * Nothing is anonymous but health, the API docs, the portal's login page and the email
 * answer pages (whose tokens are their credentials). Agents use API keys; reviewers and
 * admins their engine accounts over HTTP Basic, or (reviewers) their portal session or
 * OIDC access tokens where an issuer is configured. This is the last chain, for the API,
 * the engine's REST API and everything else; before it come the Camunda webapps'
 * ({@link WebappSecurityConfiguration}), the portal's
 * ({@link PortalSecurityConfiguration}) and the email answer pages'
 * ({@link EmailActionSecurityConfiguration}). All chains send the security headers,
 * refuse oversized bodies with 413 and end sessions past their absolute lifetime
 * ({@link EdgeFilters}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final String CONSULTATION = "/api/v1/consultations/{id}";

	/** A signed-in account's own sessions. */
	private static final String[] SESSION_ROUTES = { "/api/v1/sessions", "/api/v1/sessions/**" };

	/** What reviewers do through the API. */
	private static final String[] REVIEW_ROUTES = { "/api/v1/review/**", CONSULTATION + "/claim",
			CONSULTATION + "/unclaim", CONSULTATION + "/respond" };

	/** The API routes a portal session may call, besides HTTP Basic and OIDC tokens. */
	private static final String[] REVIEWER_ROUTES = java.util.stream.Stream.of(SESSION_ROUTES, REVIEW_ROUTES)
		.flatMap(java.util.Arrays::stream)
		.toArray(String[]::new);

	@Bean
	@Order(4)
	SecurityFilterChain api(HttpSecurity http, EdgeFilters edge, AgentKeys agentKeys, ProblemResponses problems,
			AuthenticationManager identity, RateLimiter limiter, SecuritySettings settings, ActuatorAccess actuator,
			WorkerTokens workerTokens) throws Exception {
		AuthenticationEntryPoint unauthorized = (request, response, ex) -> {
			if (ex instanceof LoginThrottledException throttled) {
				RateLimitHeaders.tooManyRequests(response, throttled.nanosToWait(), problems);
				return;
			}
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"hitl\", Bearer");
			problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required");
		};
		AccessDeniedHandler forbidden = (request, response, ex) -> problems.write(response, HttpStatus.FORBIDDEN,
				"Not allowed for this account");
		PortalSessionAccess portalSessions = new PortalSessionAccess(REVIEWER_ROUTES);
		edge.applyTo(http)
			.authorizeHttpRequests((requests) -> requests.requestMatchers(actuator.anonymous())
				.permitAll()
				.requestMatchers("/api/v1/openapi.json", "/api/v1/openapi.json/swagger-config", "/api/v1/docs",
						"/api/v1/docs/**", "/api/v1/swagger-ui/**", "/error")
				.permitAll()
				.requestMatchers("/api/v1/api-keys", "/api/v1/api-keys/**", "/api/v1/audit-events",
						CONSULTATION + "/redeliver", "/actuator/**")
				.hasAuthority(IdentityAuthenticationProvider.ROLE_ADMIN)
				.requestMatchers(SESSION_ROUTES)
				.hasAuthority(IdentityAuthenticationProvider.ROLE_ACCOUNT)
				.requestMatchers(REVIEW_ROUTES)
				.hasAuthority(IdentityAuthenticationProvider.ROLE_REVIEWER)
				.requestMatchers("/api/v1/consultations", "/api/v1/consultations/**", "/mcp")
				.hasAuthority(Agent.AUTHORITY)
				// The delivery workers' routes, where the engine serves their token
				// without per-row authorization checks (EngineRestAuthentication).
				.requestMatchers(RegexRequestMatcher.regexMatcher(HttpMethod.POST, ExternalTaskWorkers.ROUTES))
				.hasAnyAuthority(IdentityAuthenticationProvider.ROLE_ACCOUNT,
						WorkerTokenAuthenticationFilter.ROLE_WORKER)
				// Groups of any user, the password policy and a password check that
				// would bypass the login throttle: administration, not a reviewer's.
				.requestMatchers(CamundaWeb.ENGINE_REST_IDENTITY_ROUTES, CamundaWeb.NAMED_ENGINE_REST_IDENTITY_ROUTES)
				.hasAuthority(IdentityAuthenticationProvider.ROLE_ADMIN)
				.requestMatchers(CamundaWeb.ENGINE_REST_ROUTES)
				.hasAuthority(IdentityAuthenticationProvider.ROLE_ACCOUNT)
				.anyRequest()
				.authenticated())
			.addFilterBefore(agentKeys.authenticationFilter(), BasicAuthenticationFilter.class)
			.addFilterBefore(new WorkerTokenAuthenticationFilter(workerTokens, problems),
					BasicAuthenticationFilter.class)
			.addFilterAfter(
					new CreationRateLimitFilter(limiter, settings.rateLimit().consultationCreatePerMinute(), problems),
					AuthorizationFilter.class)
			.httpBasic((basic) -> basic.authenticationEntryPoint(unauthorized))
			.authenticationManager(identity)
			.exceptionHandling(
					(handling) -> handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
			.securityContext((context) -> context.securityContextRepository(portalSessions.contextRepository()))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.cors((cors) -> cors.configurationSource(corsSource(settings.cors().allowedOrigins())))
			.headers(edge::headers)
			.csrf((csrf) -> csrf.requireCsrfProtectionMatcher(portalSessions.needsCsrfToken()))
			.requestCache(AbstractHttpConfigurer::disable);
		if (settings.oidc().enabled()) {
			// Its own manager: the chain's (engine accounts) cannot check a token, and
			// the resource server would otherwise hand every token to it and fail.
			AuthenticationManager tokens = new ProviderManager(OidcTokens.authenticationProvider(settings.oidc()));
			http.oauth2ResourceServer(
					(resourceServer) -> resourceServer.bearerTokenResolver(OidcTokens.resolverSkippingApiKeys())
						.authenticationEntryPoint(unauthorized)
						.accessDeniedHandler(forbidden)
						.jwt((jwt) -> jwt.authenticationManager(tokens)));
		}
		return http.build();
	}

	/**
	 * No browser origin may call the API unless {@code HITL_CORS_ALLOWED_ORIGINS} names
	 * it; the API is stateless, so credentials are never allowed, with or without
	 * {@code *}.
	 */
	static CorsConfigurationSource corsSource(List<String> origins) {
		List<String> allowed = origins.stream().map(String::strip).filter((origin) -> !origin.isEmpty()).toList();
		allowed.forEach(SecurityConfiguration::checkOrigin);
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(allowed);
		configuration.setAllowedMethods(List.of("GET", "POST", "DELETE"));
		configuration.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, "Idempotency-Key",
				HttpHeaders.IF_NONE_MATCH));
		configuration.setExposedHeaders(List.of(HttpHeaders.ETAG, HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER,
				"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Idempotent-Replayed"));
		configuration.setAllowCredentials(false);
		configuration.setMaxAge(3600L);
		UrlPathHelper paths = new UrlPathHelper();
		return (request) -> (!allowed.isEmpty() && paths.getPathWithinApplication(request).startsWith("/api/"))
				? configuration : null;
	}

	private static void checkOrigin(String origin) {
		if (origin.equals("*")) {
			return;
		}
		URI uri;
		try {
			uri = URI.create(origin);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("HITL_CORS_ALLOWED_ORIGINS: '" + origin + "' is not an origin", ex);
		}
		if (uri.getScheme() == null || uri.getHost() == null || !(uri.getPath() == null || uri.getPath().isEmpty())
				|| uri.getQuery() != null || !uri.getScheme().matches("https?")) {
			throw new IllegalStateException(
					"HITL_CORS_ALLOWED_ORIGINS: '" + origin + "' is not an origin such as https://app.example.com");
		}
	}

}
