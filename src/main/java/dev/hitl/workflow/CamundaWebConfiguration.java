package dev.hitl.workflow;

import java.util.List;

import dev.hitl.system.EngineWebSurface;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tells the system module, which may not depend on this one, where Camunda's web is. */
@Configuration(proxyBeanMethods = false)
class CamundaWebConfiguration {

	@Bean
	EngineWebSurface engineWebSurface() {
		return new EngineWebSurface(List.of(CamundaWeb.ENGINE_REST, CamundaWeb.WEBAPP_API), CamundaWeb.TASKLIST_HOME);
	}

}
