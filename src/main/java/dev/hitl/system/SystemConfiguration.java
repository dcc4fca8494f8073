package dev.hitl.system;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The clock every module reads, and scheduling for the modules' housekeeping jobs. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SystemConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
