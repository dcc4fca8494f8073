package dev.hitl.security;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * The reviewer portal: a session from its own login form (the engine's accounts, as in
 * Tasklist), CSRF tokens on every form, logout by POST; admins' pages for group
 * {@code camunda-admin} only.
 */
@Configuration(proxyBeanMethods = false)
class PortalSecurityConfiguration {

	/** The portal's pages and the static files they use. */
	private static final String[] PORTAL_PATHS = { "/", "/login", "/logout", "/dashboard", "/dashboard/**",
			"/consultations/**", "/history", "/insights", "/admin/**", "/forbidden", "/assets/**", "/webjars/**",
			"/favicon.ico" };

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

}
