package dev.hitl.security;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.system.ProblemResponses;
import dev.hitl.workflow.ReviewerDirectory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * What every filter chain relies on: the engine accounts' authentication, the shared edge
 * filters, path matching across servlets and the firewall's refusals as problem+json.
 */
@Configuration(proxyBeanMethods = false)
class SharedSecurityConfiguration {

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

}
