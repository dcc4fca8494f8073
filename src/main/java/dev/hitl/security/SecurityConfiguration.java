package dev.hitl.security;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.system.ProblemResponses;
import dev.hitl.workflow.CamundaWeb;
import dev.hitl.workflow.ReviewerDirectory;
import dev.hitl.workflow.ExternalTaskWorkers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
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
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.NullSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.util.matcher.RegexRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.util.UrlPathHelper;

/**
 * Nothing is anonymous but health, the API docs, the portal's login page and the email
 * answer pages (whose tokens are their credentials). Agents use API keys; reviewers and
 * admins their engine accounts over HTTP Basic, or (reviewers) their portal session or
 * OIDC access tokens where an issuer is configured. Camunda's webapps keep their own
 * login and CSRF protection under {@code /camunda/**}; this project only adds filters
 * there that refuse bad requests. Both chains send the security headers, refuse oversized
 * bodies with 413 and end sessions past their absolute lifetime.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/**
	 * For everything but the Camunda webapps, which set their own (they need
	 * {@code base-uri 'self'} for their {@code <base href>}).
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
			+ "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

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

	/** The portal's pages and the static files they use. */
	private static final String[] PORTAL_PATHS = { "/", "/login", "/logout", "/dashboard", "/dashboard/**",
			"/consultations/**", "/history", "/insights", "/admin/**", "/forbidden", "/assets/**", "/webjars/**",
			"/favicon.ico" };

	@Bean
	@Order(1)
	SecurityFilterChain camundaWebapps(HttpSecurity http, EdgeFilters edge, LoginThrottle throttle,
			ApplicationEventPublisher events, ProblemResponses problems) throws Exception {
		edge.applyTo(http)
			.securityMatcher(CamundaWeb.WEBAPP_ROUTES)
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.addFilterBefore(new WebappSetupGuard(problems), AuthorizationFilter.class)
			.addFilterBefore(new WebappLoginFilter(throttle, events, problems), AuthorizationFilter.class)
			.addFilterBefore(new SecureCookieFilter(), AuthorizationFilter.class)
			.csrf(AbstractHttpConfigurer::disable)
			.headers((headers) -> edge.headers(headers).cacheControl(HeadersConfigurer.CacheControlConfig::disable))
			.requestCache(AbstractHttpConfigurer::disable)
			.securityContext((context) -> context.requireExplicitSave(true));
		return http.build();
	}

	/**
	 * The reviewer portal: a session from its own login form (the engine's accounts, as
	 * in Tasklist), CSRF tokens on every form, logout by POST; admins' pages for group
	 * {@code camunda-admin} only.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain portal(HttpSecurity http, EdgeFilters edge, AuthenticationManager identity,
			ApplicationEventPublisher events) throws Exception {
		RequestCache pageVisits = PortalLogin.pageVisits();
		edge.applyTo(http)
			.securityMatcher(PORTAL_PATHS)
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(PortalLogin.LOGIN_PAGE, PortalLogin.FORBIDDEN_PAGE, "/assets/**", "/webjars/**",
						"/favicon.ico")
				.permitAll()
				.requestMatchers("/admin/**")
				.hasAuthority(IdentityAuthenticationProvider.ROLE_ADMIN)
				.anyRequest()
				.hasAuthority(IdentityAuthenticationProvider.ROLE_REVIEWER))
			.authenticationManager(identity)
			.formLogin((login) -> login.loginPage(PortalLogin.LOGIN_PAGE)
				.successHandler(PortalLogin.succeeded(events, pageVisits))
				.failureHandler(PortalLogin.failed()))
			.logout((logout) -> logout.logoutUrl("/logout")
				.logoutSuccessUrl(PortalLogin.LOGIN_PAGE + "?logout")
				.invalidateHttpSession(true)
				.clearAuthentication(true)
				.deleteCookies("SESSION"))
			.requestCache((cache) -> cache.requestCache(pageVisits))
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(PortalLogin.signInFirst())
				.accessDeniedHandler(PortalLogin.refused(PortalLogin.FORBIDDEN_PAGE)))
			.headers(edge::headers);
		return http.build();
	}

	/**
	 * The answer pages of reviewer emails, the only anonymous pages: the token in the
	 * path is the credential, and the page checks it. No session is read or made (a GET
	 * changes nothing, not even a session row); the confirming POST carries a CSRF token
	 * whose other half is a cookie of these pages alone (same-site strict). The page
	 * sends no referrer, so the token never leaves in a {@code Referer} header.
	 */
	@Bean
	@Order(3)
	SecurityFilterChain emailActions(HttpSecurity http, EdgeFilters edge, ProblemResponses problems) throws Exception {
		CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
		csrfTokens.setCookieName("HITL-EMAIL-ACTION-CSRF");
		csrfTokens.setCookiePath("/email-actions");
		csrfTokens.setCookieCustomizer((cookie) -> cookie.sameSite("Strict"));
		http.securityMatcher("/email-actions/**")
			.addFilterAfter(edge.bodyLimit(), HeaderWriterFilter.class)
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens))
			.exceptionHandling((handling) -> handling.accessDeniedHandler((request, response, ex) -> problems
				.write(response, HttpStatus.FORBIDDEN, "The form has expired; open the link in your email again")))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.securityContext((context) -> context.securityContextRepository(new NullSecurityContextRepository()))
			.requestCache(AbstractHttpConfigurer::disable)
			.headers((headers) -> edge.headers(headers)
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
		return http.build();
	}

	@Bean
	@Order(4)
	SecurityFilterChain api(HttpSecurity http, EdgeFilters edge, ApiKeyManagement keys, ProblemResponses problems,
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
				.hasAuthority(ApiKeyAuthenticationFilter.ROLE_AGENT)
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
			.addFilterBefore(new ApiKeyAuthenticationFilter(keys, problems), BasicAuthenticationFilter.class)
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
	 * A request the firewall refuses ({@code //}, encoded slashes or dots, {@code ;}
	 * parameters in the path) is answered 400 problem+json here, not passed to the error
	 * page, which the firewall would refuse again.
	 */
	@Bean
	static RequestRejectedHandler problemForRejectedRequests(ObjectProvider<ProblemResponses> problems) {
		return (request, response, ex) -> problems.getObject()
			.write(response, HttpStatus.BAD_REQUEST, "The request's path or headers are not allowed");
	}

	/**
	 * Matches paths across servlets: the engine's REST API and the webapps are Jersey
	 * servlets beside Spring MVC's dispatcher, which MVC-based matchers do not see.
	 */
	@Bean
	static PathPatternRequestMatcherBuilderFactoryBean usePathPatterns() {
		return new PathPatternRequestMatcherBuilderFactoryBean();
	}

	@Bean
	AuthenticationManager identityAuthenticationManager(IdentityAuthenticationProvider provider) {
		return new ProviderManager(provider);
	}

	/** Not beans themselves: Spring Boot would also register them as servlet filters. */
	@Bean
	EdgeFilters edgeFilters(SecuritySettings settings, ObjectMapper json, Clock clock, ProblemResponses problems,
			ReviewerDirectory directory) {
		return new EdgeFilters(
				new RequestBodyLimitFilter(settings.request().maxBodySize(), settings.request().maxDeploymentSize(),
						problems),
				new AbsoluteSessionTimeoutFilter(settings.session().absoluteTimeout(), clock),
				new SessionAccountCheck(directory, settings.session().accountCheck(), clock),
				new EngineQueryGuard(json, problems));
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

	/** The filters and headers both chains share. */
	record EdgeFilters(RequestBodyLimitFilter bodyLimit, AbsoluteSessionTimeoutFilter sessionLifetime,
			SessionAccountCheck sessionAccount, EngineQueryGuard queries) {

		HttpSecurity applyTo(HttpSecurity http) {
			return http.addFilterAfter(this.bodyLimit, HeaderWriterFilter.class)
				.addFilterBefore(this.sessionLifetime, SecurityContextHolderFilter.class)
				.addFilterBefore(this.sessionAccount, SecurityContextHolderFilter.class)
				.addFilterBefore(this.queries, AuthorizationFilter.class);
		}

		HeadersConfigurer<HttpSecurity> headers(HeadersConfigurer<HttpSecurity> headers) {
			return headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN));
		}

	}

}
