package dev.hitl.security;

import dev.hitl.system.ProblemResponses;
import dev.hitl.workflow.CamundaWeb;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * The Camunda webapps keep their own login and CSRF protection; this chain only adds the
 * filters that refuse bad requests (setup, password checks, throttled logins) and marks
 * their cookies secure.
 */
@Configuration(proxyBeanMethods = false)
class WebappSecurityConfiguration {

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

}
