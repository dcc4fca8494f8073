package dev.hitl.bench.peer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Stock Camunda 7 with its REST API at /engine-rest, as its Spring Boot starter sets it
 * up: the benchmark's peer.
 */
@SpringBootApplication
public class PeerApplication {

	public static void main(String[] args) {
		SpringApplication.run(PeerApplication.class, args);
	}

}
