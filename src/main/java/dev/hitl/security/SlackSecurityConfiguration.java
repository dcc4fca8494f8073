package dev.hitl.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.NullSecurityContextRepository;
import org.springframework.security.web.header.HeaderWriterFilter;

/**
 * {@code POST /slack/interactions}: anonymous at the HTTP layer, since Slack's request
 * signature is the credential and the endpoint checks it before reading anything; no CSRF
 * token (Slack sends none, and no session or cookie is read), the usual body limit.
 */
@Configuration(proxyBeanMethods = false)
class SlackSecurityConfiguration {

	static final String PATH = "/slack/interactions";

	@Bean
	@Order(3)
	SecurityFilterChain slackInteractionsChain(HttpSecurity http, EdgeFilters edge) throws Exception {
		http.securityMatcher(PATH)
			.addFilterAfter(edge.bodyLimit(), HeaderWriterFilter.class)
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.securityContext((context) -> context.securityContextRepository(new NullSecurityContextRepository()))
			.requestCache(AbstractHttpConfigurer::disable)
			.headers(edge::headers);
		return http.build();
	}

}
