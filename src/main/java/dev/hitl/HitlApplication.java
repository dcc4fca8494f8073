package dev.hitl;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class HitlApplication {

	public static void main(String[] args) {
		SpringApplication.run(HitlApplication.class, args);
	}

}
