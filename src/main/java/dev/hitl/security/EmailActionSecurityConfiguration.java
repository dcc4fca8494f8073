package dev.hitl.security;

import dev.hitl.system.ProblemResponses;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.NullSecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The answer pages of reviewer emails, the only anonymous pages: the token in the path is
 * the credential, and the page checks it. No session is read or made (a GET changes
 * nothing, not even a session row); the confirming POST carries a CSRF token whose other
 * half is a cookie of these pages alone (same-site strict). The page sends no referrer,
 * so the token never leaves in a {@code Referer} header.
 */
@Configuration(proxyBeanMethods = false)
class EmailActionSecurityConfiguration {

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

}
