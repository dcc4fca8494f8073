package dev.hitl.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/** The filters and headers the filter chains share. */
record EdgeFilters(RequestBodyLimitFilter bodyLimit, AbsoluteSessionTimeoutFilter sessionLifetime,
		SessionAccountCheck sessionAccount, EngineQueryGuard queries) {

	/**
	 * For everything but the Camunda webapps, which set their own (they need
	 * {@code base-uri 'self'} for their {@code <base href>}).
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
			+ "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

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
