package dev.hitl.consultation;

import dev.hitl.PostgresTestDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The seeded week's figures on PostgreSQL, on a fresh database of its own. */
class ConsultationStatisticsPostgresIntegrationTests extends ConsultationStatisticsTests {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.Credentials database = PostgresTestDatabase.another();
		registry.add("spring.datasource.url", database::url);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
	}

}
