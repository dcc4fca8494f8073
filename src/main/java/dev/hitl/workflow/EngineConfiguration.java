package dev.hitl.workflow;

import java.util.Arrays;

import dev.hitl.system.ProblemResponses;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.ContainerBasedAuthenticationProvider;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Engine wiring the starter leaves open: the project's tables come first, and the
 * engine's REST API runs as the user Spring Security authenticated, so the engine's
 * authorizations apply there (the delivery workers' account excepted, see
 * {@link EngineRestAuthentication}).
 */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

	/** Flyway migrates before the engine creates or updates its own tables. */
	@Bean
	static BeanFactoryPostProcessor flywayBeforeProcessEngine() {
		return (beanFactory) -> {
			if (!beanFactory.containsBeanDefinition("flywayInitializer")) {
				return;
			}
			for (String name : beanFactory.getBeanDefinitionNames()) {
				if (name.equals("processEngineFactoryBean") || name.equals("processEngineConfigurationImpl")) {
					BeanDefinition definition = beanFactory.getBeanDefinition(name);
					String[] dependsOn = (definition.getDependsOn() != null) ? definition.getDependsOn()
							: new String[0];
					String[] updated = Arrays.copyOf(dependsOn, dependsOn.length + 1);
					updated[dependsOn.length] = "flywayInitializer";
					definition.setDependsOn(updated);
				}
			}
		};
	}

	@Bean
	FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication(IdentityService identity,
			ProblemResponses problems) {
		FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration = new FilterRegistrationBean<>(
				new EngineRestAuthentication(identity, problems));
		registration.addUrlPatterns(CamundaWeb.ENGINE_REST_SERVLET_PATTERN);
		registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
				ContainerBasedAuthenticationProvider.class.getName());
		registration.setName("engineRestAuthentication");
		// After Spring Security's chain (order -100), which authenticates the caller.
		registration.setOrder(0);
		return registration;
	}

}
