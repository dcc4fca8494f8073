package dev.hitl.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.system.ProblemResponses;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers {@link EngineVariableGuard} in front of both REST surfaces of the engine. */
@Configuration(proxyBeanMethods = false)
class EngineVariableGuardConfiguration {

	@Bean
	FilterRegistrationBean<EngineVariableGuard> engineVariableGuard(ObjectMapper json, ProblemResponses problems) {
		FilterRegistrationBean<EngineVariableGuard> registration = new FilterRegistrationBean<>(
				new EngineVariableGuard(json, problems));
		registration.addUrlPatterns(CamundaWeb.ENGINE_REST_SERVLET_PATTERN, CamundaWeb.WEBAPP_ENGINE_SERVLET_PATTERN);
		registration.setName("engineVariableGuard");
		// After Spring Security's chain (order -100) and the engine's authentication (0).
		registration.setOrder(1);
		return registration;
	}

}
