package dev.hitl.security;

import dev.hitl.system.ProblemResponses;

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
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Nothing is anonymous but health and the API docs. Agents use API keys, reviewers and
 * admins their engine accounts over HTTP Basic. Camunda's webapps keep their own login
 * and CSRF protection under {@code /camunda/**}, so this chain leaves those paths to
 * them.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final String CONSULTATION = "/api/v1/consultations/{id}";

	@Bean
	@Order(1)
	SecurityFilterChain camundaWebapps(HttpSecurity http) throws Exception {
		return http.securityMatcher("/camunda/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf(AbstractHttpConfigurer::disable)
			.headers(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.securityContext((context) -> context.requireExplicitSave(true))
			.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain api(HttpSecurity http, ApiKeyManagement keys, ProblemResponses problems,
			AuthenticationManager identity, ActuatorAccess actuator) throws Exception {
		AuthenticationEntryPoint unauthorized = (request, response, ex) -> {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"hitl\", Bearer");
			problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required");
		};
		AccessDeniedHandler forbidden = (request, response, ex) -> problems.write(response, HttpStatus.FORBIDDEN,
				"Not allowed for this account");
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers(actuator.anonymous())
				.permitAll()
				.requestMatchers("/api/v1/openapi.json", "/api/v1/openapi.json/swagger-config", "/api/v1/docs",
						"/api/v1/docs/**", "/api/v1/swagger-ui/**", "/error")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/")
				.permitAll()
				.requestMatchers("/api/v1/api-keys", "/api/v1/api-keys/**", CONSULTATION + "/redeliver", "/actuator/**")
				.hasAuthority(IdentityAuthenticationProvider.ROLE_ADMIN)
				.requestMatchers("/api/v1/review/**", CONSULTATION + "/claim", CONSULTATION + "/unclaim",
						CONSULTATION + "/respond")
				.hasAuthority(IdentityAuthenticationProvider.ROLE_REVIEWER)
				.requestMatchers("/api/v1/consultations", "/api/v1/consultations/**")
				.hasAuthority(ApiKeyAuthenticationFilter.ROLE_AGENT)
				.requestMatchers("/engine-rest/**")
				.hasAuthority(IdentityAuthenticationProvider.ROLE_REVIEWER)
				.anyRequest()
				.authenticated())
			.addFilterBefore(new ApiKeyAuthenticationFilter(keys, problems), BasicAuthenticationFilter.class)
			.httpBasic((basic) -> basic.authenticationEntryPoint(unauthorized))
			.authenticationManager(identity)
			.exceptionHandling(
					(handling) -> handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.build();
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

}
