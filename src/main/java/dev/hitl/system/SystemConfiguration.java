package dev.hitl.system;

import java.time.Clock;

import org.apache.catalina.core.StandardHost;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The clock every module reads, scheduling for the modules' housekeeping jobs, and which
 * proxies' forwarded headers the server believes.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SystemConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * Paths are checked and forwarded headers sorted ahead of everything Tomcat runs, the
	 * servlets and their filters included; what Tomcat refuses itself is answered as
	 * problem+json.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatEdge(ProxySettings settings) {
		TrustedProxies valve = new TrustedProxies(settings.trustedProxies());
		return (factory) -> {
			factory.addEngineValves(new StrictPaths(), valve);
			factory.addContextCustomizers((context) -> {
				if (context.getParent() instanceof StandardHost host) {
					host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				}
			});
		};
	}

}
